// Checks GeoJSON files with @placemarkio/check-geojson, which reports
// what RFC 7946 forbids, winding included.
//
//	node testdata/clients/geojson_file.mjs FILE...
import { readFileSync } from "node:fs";
import { check } from "@placemarkio/check-geojson";

let bad = 0;
for (const file of process.argv.slice(2)) {
  try {
    const fc = check(readFileSync(file, "utf8"));
    console.log(`ok   ${file}: ${fc.features.length} features, valid GeoJSON`);
  } catch (err) {
    bad++;
    const issues = err.issues ? err.issues.slice(0, 5).map((i) => i.message).join("; ") : err.message;
    console.log(`FAIL ${file}: ${issues}`);
  }
}
process.exit(bad ? 1 : 0);
