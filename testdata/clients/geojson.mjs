// Checks Footprint's GeoJSON layers with @placemarkio/check-geojson, which
// reports what RFC 7946 forbids, winding included.
//
//	node testdata/clients/geojson.mjs BASE_URL PATH...
import { check } from "@placemarkio/check-geojson";

const [base, ...paths] = process.argv.slice(2);
let bad = 0;
for (const path of paths) {
  const res = await fetch(base + path);
  const type = res.headers.get("content-type");
  const text = await res.text();
  try {
    if (res.status !== 200 || type !== "application/geo+json") throw new Error(`${res.status} ${type}`);
    const fc = check(text);
    console.log(`ok   ${path}: ${fc.features.length} features, valid GeoJSON`);
  } catch (err) {
    bad++;
    const issues = err.issues ? err.issues.slice(0, 5).map((i) => i.message).join("; ") : err.message;
    console.log(`FAIL ${path}: ${issues}`);
  }
}
process.exit(bad ? 1 : 0);
