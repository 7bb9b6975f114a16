-- Plans and their numbered versions. A version records what changed; every
-- SnapshotEvery versions, and at version 1, it also holds the whole plan,
-- so any version is rebuilt from the snapshot before it plus the changes.
CREATE TABLE plans (
	id         TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL,      -- SHA-256 of the edit token, hex
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version    INTEGER NOT NULL    -- latest version
);

CREATE TABLE versions (
	plan_id    TEXT NOT NULL REFERENCES plans(id),
	version    INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	summary    TEXT NOT NULL,      -- for people: "3 LSOAs to Alpha"
	changes    TEXT NOT NULL,      -- JSON: the edit
	snapshot   BLOB,               -- JSON of the whole plan, or NULL
	PRIMARY KEY (plan_id, version)
);
