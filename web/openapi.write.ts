// `npm run openapi`: rewrites docs/openapi.json from the route table (a test fails when
// the committed file and the served document differ).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApiJson } from "./server.ts";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/openapi.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, openApiJson());
process.stdout.write(`wrote ${out}\n`);
