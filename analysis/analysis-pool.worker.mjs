// Bootstrap of an analysis worker thread (analysis/analysis-pool.ts): TypeScript
// sources run through tsx's loader, registered here because a worker does not inherit
// the loader hooks of the thread that started it.
process.env.DOTENV_CONFIG_QUIET ??= "true";
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";
register();
await import(workerData.module);
