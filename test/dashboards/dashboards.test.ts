// The built dashboards: up to date with the code, valid against Grafana's published
// dashboard types (@grafana/schema, checked by the TypeScript compiler on the JSON as
// a literal, so misspelt or misplaced fields fail), wired to $datasource, and
// snapshot-tested.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { dashboards } from "../../dashboards/index.ts";
import { buildAll, DATASOURCE_PROVISIONING, DASHBOARD_PROVISIONING } from "../../dashboards/build.ts";
import YAML from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const distDir = path.join(root, "dashboards/dist");

describe("dashboards build", () => {
  it("committed dashboards/dist matches what `npm run dashboards:build` produces", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-dash-"));
    buildAll(path.join(out, "dist"), path.join(out, "prov"));
    for (const d of dashboards) {
      // When this fails: run `npm run dashboards:build` and commit dashboards/dist.
      expect(fs.readFileSync(path.join(distDir, d.file), "utf8")).toBe(fs.readFileSync(path.join(out, "dist", d.file), "utf8"));
    }
  });

  it("type-checks every dashboard against @grafana/schema's Dashboard", () => {
    const dir = path.join(root, "node_modules/.cache/earshot-dashboard-check");
    fs.mkdirSync(dir, { recursive: true });
    const files = dashboards.map((d) => {
      const f = path.join(dir, d.file.replace(/\.json$/, ".check.ts"));
      fs.writeFileSync(f, `import type { Dashboard } from "@grafana/schema";\nexport const dashboard: Dashboard = ${fs.readFileSync(path.join(distDir, d.file), "utf8")};\n`);
      return f;
    });
    // A deliberately broken copy proves the check can fail.
    const broken = path.join(dir, "broken.check.ts");
    fs.writeFileSync(broken, `import type { Dashboard } from "@grafana/schema";\nexport const dashboard: Dashboard = { title: "x", panels: [{ type: "timeseries", gridPos: { x: 0, y: 0, w: 12, h: "8" } }], bogusField: 1 };\n`);
    const program = ts.createProgram([...files, broken], {
      strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [],
    });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diags.filter((d) => !d.startsWith("broken.check.ts"))).toEqual([]);
    expect(diags.some((d) => d.startsWith("broken.check.ts"))).toBe(true);
  }, 120_000);

  for (const d of dashboards) {
    it(`${d.uid}: uses $datasource, has brand/source/bucket variables and matches its snapshot`, async () => {
      const json = JSON.parse(fs.readFileSync(path.join(distDir, d.file), "utf8"));
      expect(json.uid).toBe(d.uid);
      const vars = json.templating.list.map((v: { name: string; type: string }) => `${v.name}:${v.type}`);
      expect(vars).toEqual(expect.arrayContaining(["datasource:datasource", "brand:query", "source:query", "bucket:custom"]));
      expect(json.templating.list.find((v: { name: string }) => v.name === "datasource").query).toBe("grafana-postgresql-datasource");
      expect(json.panels.length).toBe(d.panels.length);
      const ids = new Set<number>();
      for (const p of json.panels) {
        expect(p.datasource).toEqual({ type: "grafana-postgresql-datasource", uid: "${datasource}" });
        expect(p.targets).toHaveLength(1);
        expect(p.targets[0]).toMatchObject({ datasource: { uid: "${datasource}" }, rawQuery: true, format: expect.stringMatching(/^(time_series|table)$/) });
        expect(p.targets[0].rawSql.length).toBeGreaterThan(20);
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        ids.add(p.id);
      }
      expect(ids.size).toBe(json.panels.length);
      await expect(JSON.stringify(json, null, 2)).toMatchFileSnapshot(`./__snapshots__/${d.file}`);
    });
  }

  it("writes provisioning files Grafana can read: a PostgreSQL datasource and a file provider", () => {
    const ds = YAML.parse(DATASOURCE_PROVISIONING);
    expect(ds.datasources[0]).toMatchObject({ type: "grafana-postgresql-datasource", uid: "earshot-postgres" });
    expect(DATASOURCE_PROVISIONING).not.toMatch(/password:\s*[^$\s]/); // secrets only from Grafana's environment
    const prov = YAML.parse(DASHBOARD_PROVISIONING);
    expect(prov.providers[0]).toMatchObject({ type: "file", folder: "Earshot" });
    expect(fs.existsSync(path.join(root, "dashboards/provisioning/datasources/earshot.yml"))).toBe(true);
  });
});
