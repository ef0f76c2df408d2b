#!/usr/bin/env node
// Entry point for `npx earshot`. TypeScript sources run through tsx's loader, so a
// fresh clone needs no build step. dotenv (pulled in by `natural`) prints tips on
// stdout at import unless told to be quiet; CLI output and JSON logs must stay clean.
process.env.DOTENV_CONFIG_QUIET ??= "true";
import { register } from "tsx/esm/api";
register();
await import("../core/cli.ts");
