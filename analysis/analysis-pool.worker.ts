// An analysis worker thread: the default analyzer (the same one the inline pipeline
// uses, workspace model included) and the same PostPreparer, applied to chunks sent by
// AnalysisPool.
import { parentPort, workerData } from "node:worker_threads";
import type { BrandMatchConfig } from "../collectors/types.ts";
import { runPoolRequest, type PoolRequest, type WorkerReply } from "./analysis-pool.ts";
import { PostPreparer } from "./prepare.ts";
import { createDefaultAnalyzer } from "./default-analyzer.ts";
import { describeError } from "../core/errors.ts";

const data = workerData as { modelPath?: string | null; brands: BrandMatchConfig[] };
const analyzer = createDefaultAnalyzer({ modelPath: data.modelPath });
const preparer = new PostPreparer(data.brands);

parentPort!.on("message", ({ id, req }: { id: number; req: PoolRequest }) => {
  let reply: WorkerReply;
  try {
    reply = { id, results: runPoolRequest(req, preparer, analyzer) };
  } catch (err) {
    // The pool runs this chunk inline, where the error surfaces as it always has.
    reply = { id, error: describeError(err) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies WorkerReply);
