// Validates an OpenAPI 3.1 document with @seriousme/openapi-schema-validator
// (the OpenAPI Initiative's JSON Schemas), resolving every $ref.
//
//	node testdata/clients/openapi.mjs openapi.json
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";

const [path] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(path, "utf8"));
const v = new Validator();
const res = await v.validate(doc);
if (!res.valid) {
  console.log("FAIL " + JSON.stringify(res.errors, null, 1).slice(0, 4000));
  process.exit(1);
}
console.log(`ok   OpenAPI ${v.version} document valid: ${Object.keys(doc.paths).length} paths`);
// Every reference resolves.
let refs = 0;
JSON.stringify(doc, (k, val) => { if (k === "$ref") refs++; return val; });
const resolved = v.resolveRefs();
if (!resolved || !resolved.paths) {
  console.log("FAIL references do not resolve");
  process.exit(1);
}
console.log(`ok   ${refs} references resolve`);
