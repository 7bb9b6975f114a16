// Package footprinttest provides fixtures for tests of Footprint, in the
// manner of net/http/httptest: the hand-made grid atlas, plans written as
// JSON literals, and the real London atlas for integration tests.
//
// Integration tests read ../shared/data beside the repository. Without it
// they skip with a message, except under CI=true, where they fail.
package footprinttest
