// Saving and reloading workspace models. The reloading analyzer checks the file's
// mtime at most once per interval (never per post), so `earshot model train` can
// replace the file under a running pipeline and the next posts use the new model.
import fs from "node:fs";
import path from "node:path";
import type { AnalyzeInput, TextAnalysis, TextAnalyzer } from "../types.ts";
import { ConfigError, describeError } from "../../core/errors.ts";
import type { TextEngine } from "./engine.ts";
import { checkWorkspaceModel, withWorkspaceModel, type WorkspaceModelFile } from "./learn.ts";

/** Default location of the workspace model, relative to the working directory. */
export const DEFAULT_MODEL_PATH = "./data/model.json";

/** Writes atomically (temp file + rename) so a reader never sees half a model. */
export function saveWorkspaceModel(file: string, model: WorkspaceModelFile): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(model) + "\n");
  fs.renameSync(tmp, file);
}

export function readWorkspaceModel(file: string): WorkspaceModelFile {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read workspace model ${file}: ${describeError(err)}`, [], { cause: err });
  }
  try {
    return checkWorkspaceModel(JSON.parse(raw), file);
  } catch (err) {
    throw new ConfigError(`workspace model ${file} is unusable: ${describeError(err)}`, [], { cause: err });
  }
}

export interface ReloadingOptions {
  /** How often (ms) to look at the file's mtime. Default 5000. */
  checkIntervalMs?: number;
  /** Called when a reload fails; the previous model stays in use. Default: ignore. */
  onError?: (err: unknown) => void;
  /** Called after a new model version is loaded. */
  onReload?: (version: number) => void;
  /** Clock (ms); default Date.now. */
  now?: () => number;
}

/**
 * An analyzer that uses the engine alone until a model file exists, then the engine plus
 * that model, and picks up a newer file without a restart. A broken file never replaces a
 * working model.
 */
export class ReloadingAnalyzer implements TextAnalyzer {
  #current: TextAnalyzer;
  #mtime = -1;
  #checkedAt = -Infinity;
  #version: number | null = null;
  readonly #engine: TextEngine;
  readonly #file: string;
  readonly #interval: number;
  readonly #opts: ReloadingOptions;

  constructor(engine: TextEngine, file: string = DEFAULT_MODEL_PATH, opts: ReloadingOptions = {}) {
    this.#engine = engine;
    this.#file = file;
    this.#current = engine;
    this.#interval = opts.checkIntervalMs ?? 5000;
    this.#opts = opts;
    this.reload();
  }

  get id(): string { return this.#current.id; }
  /** Version of the loaded workspace model, or null when the engine runs alone. */
  get modelVersion(): number | null { return this.#version; }

  /** Re-reads the file if its mtime changed. Returns true when a new model was loaded. */
  reload(): boolean {
    this.#checkedAt = (this.#opts.now ?? Date.now)();
    let mtime: number;
    try {
      mtime = fs.statSync(this.#file).mtimeMs;
    } catch {
      return false; // no model yet: the default engine keeps deciding
    }
    if (mtime === this.#mtime) return false;
    try {
      const model = readWorkspaceModel(this.#file);
      this.#mtime = mtime;
      if (model.version === this.#version) return false;
      this.#current = withWorkspaceModel(this.#engine, model);
      this.#version = model.version;
      this.#opts.onReload?.(model.version);
      return true;
    } catch (err) {
      this.#mtime = mtime; // do not retry a broken file until it changes again
      this.#opts.onError?.(err);
      return false;
    }
  }

  analyze(input: AnalyzeInput): TextAnalysis {
    if ((this.#opts.now ?? Date.now)() - this.#checkedAt >= this.#interval) this.reload();
    return this.#current.analyze(input);
  }
}
