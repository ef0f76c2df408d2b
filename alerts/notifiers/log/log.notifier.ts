// Writes the alert to the process log: always available, useful as a fallback
// receiver and for trying rules out before wiring a real channel.
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { logger } from "../../../core/log.ts";

export const logNotifier = defineNotifier({
  id: "log",
  title: "Process log",
  params: z.object({ level: z.enum(["info", "warn", "error"]).default("warn") }).strict(),
  secrets: [],
  render: (event) => ({ msg: `ALERT [${event.severity}] ${event.title}`, event }),
  async send(payload, params) {
    logger[params.level]({ alert: payload.event.alertId, kind: payload.event.kind, summary: payload.event.summary }, payload.msg);
    return {};
  },
});
