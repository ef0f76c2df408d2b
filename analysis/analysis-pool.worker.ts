// An analysis worker thread: the default analyzer (the same one the inline pipeline
// uses, workspace model included) and the same PostPreparer, applied to chunks sent by
// AnalysisPool.
import { parentPort, workerData } from "node:worker_threads";
import type { BrandMatchConfig } from "../collectors/types.ts";
import { runPoolRequest, type PoolRequest, type WorkerReply } from "./analysis-pool.ts";
import { PostPreparer, toWire, type PreparedAndAnalysed } from "./prepare.ts";
import { createDefaultAnalyzer, expectsChinese } from "./default-analyzer.ts";
import { describeError } from "../core/errors.ts";

const data = workerData as { modelPath?: string | null; brands: BrandMatchConfig[] };
// Everything is loaded before the worker says it is ready (the pool's start() waits for that),
// Chinese included when the brands are named in Chinese, so no chunk waits for a dictionary.
const analyzer = createDefaultAnalyzer({ modelPath: data.modelPath, preloadChinese: expectsChinese(data.brands) });
const preparer = new PostPreparer(data.brands);

parentPort!.on("message", ({ id, req }: { id: number; req: PoolRequest }) => {
  let reply: WorkerReply;
  try {
    const results = runPoolRequest(req, preparer, analyzer);
    // Prepared posts cross in the compact form the pool rebuilds (prepare.ts toWire/fromWire).
    reply = { id, results: req.op === "prepare" ? toWire(results as PreparedAndAnalysed[], req.posts) : results };
  } catch (err) {
    // The pool runs this chunk inline, where the error surfaces as it always has.
    reply = { id, error: describeError(err) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies WorkerReply);
