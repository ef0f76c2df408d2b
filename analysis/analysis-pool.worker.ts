// An analysis worker thread: the default analyzer (the same one the inline pipeline
// uses, workspace model included) applied to chunks of posts sent by AnalysisPool.
import { parentPort, workerData } from "node:worker_threads";
import type { AnalyzeInput } from "./types.ts";
import type { WorkerReply } from "./analysis-pool.ts";
import { createDefaultAnalyzer } from "./default-analyzer.ts";
import { describeError } from "../core/errors.ts";

const analyzer = createDefaultAnalyzer({ modelPath: (workerData as { modelPath?: string | null }).modelPath });

parentPort!.on("message", ({ id, inputs }: { id: number; inputs: AnalyzeInput[] }) => {
  let reply: WorkerReply;
  try {
    reply = { id, results: inputs.map((i) => analyzer.analyze(i)) };
  } catch (err) {
    // The pool analyses this chunk inline, where the error surfaces as it always has.
    reply = { id, error: describeError(err) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies WorkerReply);
