#!/usr/bin/env node
// Runs a TypeScript file (benchmarks, scripts) with the same loader as the CLI.
process.env.DOTENV_CONFIG_QUIET ??= "true";
import { register } from "tsx/esm/api";
import { pathToFileURL } from "node:url";
import path from "node:path";
register();
const [file, ...rest] = process.argv.slice(2);
if (!file) { console.error("usage: run-ts FILE [args]"); process.exit(2); }
process.argv = [process.argv[0], path.resolve(file), ...rest];
await import(pathToFileURL(path.resolve(file)).href);
