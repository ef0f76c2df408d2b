// What the web layer needs from the running monitor.
import type { Db } from "../core/db/index.ts";
import type { EarshotConfig } from "../core/config/schema.ts";
import type { CaseService } from "../cases/case.service.ts";
import type { FailureLimiter } from "./auth/rate-limit.ts";
import type { Logger } from "../core/log.ts";

export interface WebDeps {
  db: Db;
  config: EarshotConfig;
  cases: CaseService;
  loginLimiter: FailureLimiter;
  log?: Logger;
  /** Clock, injectable for tests. */
  now(): Date;
}
