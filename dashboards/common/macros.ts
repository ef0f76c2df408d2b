// Expands the Grafana PostgreSQL macros and template variables the dashboards use, the
// way Grafana does before it sends a query, so the panel SQL can be executed outside
// Grafana (tests, query benchmark).

export interface MacroContext {
  from: Date;
  to: Date;
  /** Variable values; arrays are multi-value (quoted, comma-separated, as Grafana's SQL formatting does). */
  vars: Record<string, string | number | string[]>;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function expandGrafanaSql(sql: string, c: MacroContext): string {
  let out = sql
    .replace(/\$__timeFilter\(([^()]*(?:\([^()]*\))?[^()]*)\)/g, (_m, col: string) => `${col.trim()} BETWEEN ${quote(iso(c.from))} AND ${quote(iso(c.to))}`)
    .replace(/\$__timeFrom\(\)/g, quote(iso(c.from)))
    .replace(/\$__timeTo\(\)/g, quote(iso(c.to)));
  out = out.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    if (!(name in c.vars)) return m;
    const v = c.vars[name];
    return Array.isArray(v) ? v.map(quote).join(",") : String(v);
  });
  const left = /\$__\w+|\$\{?\w+\}?/.exec(out.replace(/'[^']*'/g, "''"));
  if (left) throw new Error(`unexpanded Grafana macro or variable ${left[0]} in: ${sql.slice(0, 120)}`);
  return out;
}
