// Reading a shipped model file (models/*.json): one place that turns a missing or
// unparsable file into a ConfigError naming the model and the file.
import fs from "node:fs";
import { ConfigError, describeError } from "../../core/errors.ts";

/** The parsed JSON of `file`; `what` names the model in the error ("complaint model"). Shape checks are the caller's. */
export function readModelJson<T>(file: string | URL, what: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (err) {
    throw new ConfigError(`cannot read ${what} ${String(file)}: ${describeError(err)}`, [], { cause: err });
  }
}
