// One error vocabulary for the whole product. Logs, CollectorRun rows and Delivery
// rows all describe errors through describeError(), so an operator reads the same
// words everywhere and secrets are redacted in one place.
import { redact } from "./redact.ts";

export type ErrorKind = "ConfigError" | "RetryableError" | "PermanentError" | "ParseError" | "Error";

export class EarshotError extends Error {
  readonly kind: ErrorKind = "Error";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration (or a secret it references) is wrong; fix the file, not the network. */
export class ConfigError extends EarshotError {
  override readonly kind = "ConfigError" as const;
  constructor(message: string, readonly issues: string[] = [], options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Worth trying again later: timeouts, connection refused, 5xx, 429. */
export class RetryableError extends EarshotError {
  override readonly kind = "RetryableError" as const;
  constructor(message: string, readonly details: { status?: number; retryAfterMs?: number } = {}, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Trying again will not help: 4xx, bad credentials, refused address. */
export class PermanentError extends EarshotError {
  override readonly kind = "PermanentError" as const;
  constructor(message: string, readonly details: { status?: number } = {}, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The remote answered but the body is not what we can read (malformed feed, HTML instead of XML). */
export class ParseError extends EarshotError {
  override readonly kind = "ParseError" as const;
}

export function errorKind(err: unknown): ErrorKind {
  if (err instanceof EarshotError) return err.kind;
  return "Error";
}

export function isRetryable(err: unknown): boolean {
  return err instanceof RetryableError;
}

/** Human text for an error and its causes, with every registered secret redacted. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error) {
      const code = (cur as NodeJS.ErrnoException).code;
      parts.push(code && !cur.message.includes(code) ? `${cur.message} (${code})` : cur.message);
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  const uniq = parts.filter((p, i) => p && parts.indexOf(p) === i);
  return redact(uniq.join(": caused by: "));
}
