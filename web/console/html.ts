// HTML building with escaping by default: every interpolated value is escaped unless
// it is a Raw produced by this module. Post text, author names and titles come from
// the internet; `<img src=x onerror=alert(1)>` must render as those characters.

export class Raw {
  constructor(readonly html: string) {}
  toString() { return this.html; }
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"'`]/g, (ch) => ESC[ch]);
}

export const raw = (s: string) => new Raw(s);

function render(v: unknown): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(render).join("");
  if (v === null || v === undefined || v === false) return "";
  return esc(v);
}

/** Tagged template: h`<p>${text}</p>` escapes text; nest h`` results or arrays freely. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Raw(out);
}

/** Only http(s) links are rendered as links (no javascript: URLs from posts). */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const p = new URL(u);
    return p.protocol === "http:" || p.protocol === "https:" ? p.toString() : null;
  } catch { return null; }
}
