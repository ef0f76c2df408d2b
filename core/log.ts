// pino logger: JSON lines when stdout is not a terminal (for log shippers), readable
// lines when it is. Every line passes through redact() so secrets registered by the
// config module never reach the log, wherever they appear in a message.
import pino, { type Logger } from "pino";
import { redact } from "./redact.ts";

function build(): Logger {
  const level = process.env.EARSHOT_LOG_LEVEL ?? "info";
  const hooks = { streamWrite: (s: string) => redact(s) };
  if (process.stdout.isTTY && process.env.EARSHOT_LOG_FORMAT !== "json") {
    const transport = pino.transport({ target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" } });
    return pino({ level, hooks }, transport);
  }
  return pino({ level, hooks, base: { pid: process.pid } });
}

export const logger: Logger = build();
export type { Logger };
