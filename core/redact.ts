// Secrets (tokens, webhook URLs, passwords) are registered here when the config is
// resolved. Every log line, error text and export passes through redact(), so a
// secret never leaves the process in clear even when it is embedded in a URL.
const secrets = new Set<string>();

/** Remember a secret value so redact() can hide it. Values shorter than 4 chars are ignored (too many false hits). */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 4) return;
  secrets.add(value);
  // A webhook URL often appears without its query, or URL-encoded: hide those forms too.
  try { secrets.add(encodeURIComponent(value)); } catch { /* not encodable: ignore */ }
}

export function redact(text: string): string {
  if (!text || secrets.size === 0) return text;
  let out = text;
  // Longest first, so a URL is replaced whole before a token inside it.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join("[REDACTED]");
  }
  return out;
}

/** Deep-copies a JSON-like value with every string redacted (for exports and API output). */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

export function registeredSecretCount(): number {
  return secrets.size;
}
