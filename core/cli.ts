// The `earshot` command line. Every command has --help (commander). Configuration
// errors exit with code 2 and name the file and field; other failures exit 1.
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { loadConfig, configJsonSchema, DEFAULT_CONFIG_PATH, type LoadedConfig } from "./config/load.ts";
import { ConfigError, describeError } from "./errors.ts";
import { openDatabase } from "./db/index.ts";
import { migrateSqlite } from "./db/migrate.ts";
import { databaseUrl, startMonitor, createApp } from "./app.ts";
import { replayFile } from "./replay.ts";
import { redriveDeliveries } from "../alerts/delivery-worker.ts";
import { logger } from "./log.ts";

export const program = new Command();

program
  .name("earshot")
  .description("Social-listening and reputation alert monitor: catch the complaint before it goes viral, and make sure someone acts.")
  .version("0.1.0")
  .option("-c, --config <path>", "configuration file", process.env.EARSHOT_CONFIG ?? DEFAULT_CONFIG_PATH)
  .showHelpAfterError();

function config(): LoadedConfig {
  return loadConfig(program.opts().config as string);
}

function table(rows: Array<Record<string, unknown>>): string {
  if (!rows.length) return "(none)\n";
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => (v instanceof Date ? v.toISOString().replace(/\.\d+Z$/, "Z") : v === null || v === undefined ? "-" : String(v)).replace(/\s+/g, " ").slice(0, 80);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return [line(cols), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n") + "\n";
}

program.command("start")
  .description("Run the monitor: scheduled collectors, analysis, incidents and alert delivery (Ctrl-C to stop)")
  .option("--no-run-at-start", "wait for each source's first cron tick instead of running it immediately")
  .action(async (opts: { runAtStart: boolean }) => {
    const { config: cfg, path: file } = config();
    logger.info({ config: file }, "configuration loaded");
    const monitor = await startMonitor(cfg, { runAtStart: opts.runAtStart });
    let signalled = false;
    const shutdown = async (sig: string) => {
      if (signalled) return;
      signalled = true;
      logger.info({ signal: sig }, "shutting down: finishing in-flight runs and deliveries");
      await monitor.stop();
      logger.info("stopped cleanly");
      process.exit(0);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
  });

const cfgCmd = program.command("config").description("Validate the configuration or print its JSON Schema");
cfgCmd.command("check")
  .description("Validate the configuration file (exit 2 with every problem listed when invalid)")
  .action(() => {
    const { config: cfg, path: file, secretPaths } = config();
    process.stdout.write(`${file}: OK: ${cfg.brands.length} brand(s), ${cfg.sources.length} source(s), ${cfg.channels.length} channel(s), ${cfg.alerts.rules.length} rule(s); ${secretPaths.length} value(s) from the environment\n`);
  });
cfgCmd.command("schema")
  .description("Print the JSON Schema of earshot.yml (for editor autocompletion)")
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action((opts: { out?: string }) => {
    const text = JSON.stringify(configJsonSchema(), null, 2) + "\n";
    if (opts.out) fs.writeFileSync(opts.out, text); else process.stdout.write(text);
  });

const dbCmd = program.command("db").description("Database maintenance");
dbCmd.command("migrate")
  .description("Apply pending migrations (start does this automatically)")
  .action(async () => {
    const url = databaseUrl(fs.existsSync(program.opts().config) ? config().config : ({ database: {} } as never));
    const db = await openDatabase(url, { migrate: false });
    try {
      const applied = db.sqlite ? migrateSqlite(db.sqlite) : await (db as unknown as { migrate(): Promise<string[]> }).migrate();
      process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
    } finally { await db.close(); }
  });

const delCmd = program.command("deliveries").description("List alert deliveries (the outbox) and re-drive dead letters")
  .addOption(new Option("-s, --status <status>", "only this status").choices(["pending", "sending", "sent", "dead", "held"]))
  .option("--dead", "only dead letters (same as --status dead)")
  .option("-n, --limit <n>", "rows to show", "50")
  .action(async (opts: { status?: string; dead?: boolean; limit: string }) => {
    const { config: cfg } = config();
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const status = opts.dead ? "dead" : opts.status;
      const rows = await db.prisma.delivery.findMany({ where: status ? { status } : {}, orderBy: { id: "desc" }, take: Number(opts.limit) || 50, include: { alert: { select: { title: true } } } });
      process.stdout.write(table(rows.map((d) => ({ id: d.id, alert: d.alertId, channel: d.channel, status: d.status, attempts: `${d.attempts}/${d.maxAttempts}`, next: d.status === "pending" ? d.nextAttemptAt : null, sent: d.sentAt, "last error": d.lastError, title: d.alert.title }))));
      const counts = await db.prisma.delivery.groupBy({ by: ["status"], _count: { _all: true } });
      process.stdout.write(`totals: ${counts.map((c) => `${c.status} ${c._count._all}`).join(", ") || "none"}\n`);
    } finally { await db.close(); }
  });
delCmd.command("retry")
  .description("Re-drive dead deliveries (and held replay deliveries with --held)")
  .argument("[ids...]", "delivery ids (default: all dead)")
  .option("--held", "release deliveries held back by replay")
  .action(async (ids: string[], opts: { held?: boolean }) => {
    const { config: cfg } = config();
    const db = await openDatabase(databaseUrl(cfg));
    try {
      let n = await redriveDeliveries(db.prisma, ids.length ? ids.map(Number) : "all-dead");
      if (opts.held) n += (await db.prisma.delivery.updateMany({ where: { status: "held", ...(ids.length ? { id: { in: ids.map(Number) } } : {}) }, data: { status: "pending", nextAttemptAt: new Date() } })).count;
      process.stdout.write(`${n} deliveries queued again; a running monitor (earshot start) sends them\n`);
    } finally { await db.close(); }
  });

const chCmd = program.command("channels").description("List the configured channels and send test alerts");
chCmd.command("list")
  .description("List channels with their type")
  .action(() => {
    const { config: cfg } = config();
    process.stdout.write(table(cfg.channels.map((c) => ({ name: c.name, type: c.type }))));
  });
chCmd.command("test")
  .description("Send a test alert through the real path (Alert + Delivery rows, delivery worker, renderer, sender) and report the outcome")
  .argument("<name>", "channel name from the configuration")
  .option("--timeout <ms>", "give up waiting after this many ms (retryable failures keep retrying until then)", "30000")
  .action(async (name: string, opts: { timeout: string }) => {
    const { config: cfg } = config();
    const { sendTestAlert } = await import("../alerts/routing/test-alert.ts");
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const r = await sendTestAlert(db.prisma, cfg, name, { timeoutMs: Number(opts.timeout) || 30_000 });
      process.stdout.write(`test alert #${r.alertId} to ${name}: ${r.status} after ${r.attempts} attempt(s)${r.lastStatusCode ? `, HTTP ${r.lastStatusCode}` : ""}${r.lastError ? `\nlast error: ${r.lastError}` : ""}\n`);
      if (r.status !== "sent") process.exitCode = 1;
    } finally { await db.close(); }
  });

program.command("replay")
  .description("Feed a CSV or JSONL file of historical posts through the pipeline in time order and report the incidents and alerts it raises")
  .argument("<file>", "CSV or JSONL with id, text and a timestamp column (created_at, tweet_created, publishedAt, timestamp)")
  .option("--speed <n>", "replay at N x real time (0 = as fast as possible)", "0")
  .option("--source <id>", "source id to record the posts under (default: replay-<file name>)")
  .option("--deliver", "send the alerts through the configured channels (default: record them, deliveries held)")
  .action(async (file: string, opts: { speed: string; source?: string; deliver?: boolean }) => {
    const { config: cfg } = config();
    const app = await createApp(cfg);
    try {
      const s = await replayFile(app, { file, speed: Number(opts.speed) || 0, sourceId: opts.source, deliver: opts.deliver });
      for (const i of s.issues.slice(0, 10)) process.stderr.write(`${file}:${i.line}: skipped: ${i.field ? `${i.field}: ` : ""}${i.message}\n`);
      if (s.issues.length > 10) process.stderr.write(`... and ${s.issues.length - 10} more skipped lines\n`);
      process.stdout.write(`replayed ${s.posts} posts (${s.firstAt?.toISOString() ?? "-"} .. ${s.lastAt?.toISOString() ?? "-"}) at ${Math.round(s.postsPerSecond)} posts/s: ${s.stored} stored, ${s.existing} already stored, ${s.unmatched} matched no brand, ${s.issues.length} unreadable\n`);
      process.stdout.write(`incidents opened: ${s.incidentsOpened}; alerts raised: ${s.alerts}${opts.deliver ? "" : " (deliveries held: earshot deliveries retry --held to send)"}\n`);
      const incidents = await app.db.prisma.incident.findMany({ orderBy: { id: "desc" }, take: Math.max(1, s.incidentsOpened), include: { events: { orderBy: { at: "asc" } } } });
      for (const inc of incidents.reverse()) {
        process.stdout.write(`\n#${inc.id} [${inc.severity}] ${inc.title} (${inc.status}, risk ${inc.riskScore.toFixed(2)})\n`);
        for (const e of inc.events) process.stdout.write(`  ${e.at.toISOString()}  ${e.kind.padEnd(12)} ${e.message}\n`);
      }
    } finally { await app.db.close(); }
  });

program.command("sources")
  .description("List every source with status, last success, last error and items stored today (UTC)")
  .option("--check-silent", "also run the silent-source check now (raises source_silent alerts)")
  .action(async (opts: { checkSilent?: boolean }) => {
    const { config: cfg } = config();
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const { listSources, checkSilentSources } = await import("../collectors/health.ts");
      if (opts.checkSilent) {
        const r = await checkSilentSources(db.prisma, cfg);
        if (r.silenced.length) process.stderr.write(`silent: ${r.silenced.join(", ")} (${r.alertIds.length} alert(s) queued)\n`);
      }
      const rows = await listSources(db.prisma, cfg);
      process.stdout.write(table(rows.map((r) => ({ id: r.id, type: r.type, status: r.status, "last success": r.lastSuccess, "items today": r.itemsToday, runs: r.runsToday, "last error": r.lastError }))));
    } finally { await db.close(); }
  });

program.command("incidents")
  .description("List incidents, newest first")
  .option("-n, --limit <n>", "rows to show", "30")
  .action(async (opts: { limit: string }) => {
    const { config: cfg } = config();
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const rows = await db.prisma.incident.findMany({ orderBy: { id: "desc" }, take: Number(opts.limit) || 30 });
      process.stdout.write(table(rows.map((i) => ({ id: i.id, brand: i.brandId, kind: i.kind, severity: i.severity, status: i.status, risk: i.riskScore.toFixed(2), detected: i.detectedAt, title: i.title }))));
    } finally { await db.close(); }
  });

const rollCmd = program.command("rollups").description("Per-brand hourly and daily rollups that the dashboards read");
rollCmd.command("rebuild")
  .description("Recompute rollups from the raw mentions still stored (older buckets, whose mentions retention removed, are kept)")
  .option("--from <iso-date>", "only rebuild buckets from this time on")
  .action(async (opts: { from?: string }) => {
    const { config: cfg } = config();
    const { Rollups, brandCompetitors } = await import("./rollups.ts");
    const from = opts.from ? new Date(opts.from) : undefined;
    if (from && Number.isNaN(from.getTime())) throw new ConfigError(`rollups rebuild --from: ${JSON.stringify(opts.from)} is not a date (use e.g. 2026-11-01)`);
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const counts = await new Rollups(db, brandCompetitors(cfg)).rebuild({ from });
      process.stdout.write(table(Object.entries(counts).map(([t, rows]) => ({ table: t, rows }))));
    } finally { await db.close(); }
  });

program.command("retention")
  .description("Delete raw mentions and snapshots older than retention.mentionDays now (the monitor runs this daily)")
  .option("--days <n>", "override retention.mentionDays")
  .action(async (opts: { days?: string }) => {
    const { config: cfg } = config();
    const days = opts.days !== undefined ? Number(opts.days) : cfg.retention.mentionDays;
    const { runRetention } = await import("./retention.ts");
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const r = await runRetention(db, { mentionDays: days, actor: "cli" });
      process.stdout.write(`deleted ${r.mentions} mention(s) and ${r.snapshots} snapshot(s) older than ${r.cutoff.toISOString()}\n`);
    } finally { await db.close(); }
  });

program.command("forget")
  .description("Remove one person's posts and identity everywhere (data-protection request); recorded in the audit log")
  .argument("<author>", "HANDLE (every platform) or PLATFORM:HANDLE")
  .action(async (author: string) => {
    const { config: cfg } = config();
    const { forgetAuthor } = await import("./retention.ts");
    const db = await openDatabase(databaseUrl(cfg));
    try {
      const r = await forgetAuthor(db, author, { actor: process.env.USER ? `cli:${process.env.USER}` : "cli" });
      process.stdout.write(r.authors
        ? `forgot ${r.authors} author identit${r.authors === 1 ? "y" : "ies"}: ${r.mentions} post(s), ${r.labels} label(s), ${r.caseLinks} case link(s), ${r.customers} customer(s) removed; ${r.scrubbed} row(s) scrubbed; audit ${r.auditTarget}\n`
        : `no author matches ${JSON.stringify(author)}; nothing removed (audit ${r.auditTarget})\n`);
    } finally { await db.close(); }
  });

// Text models learned from triage labels (analysis/text/cli.ts). That module loads the
// text engine (lexicons, models), so it is imported only when `model` or help can be
// asked for: `start` and `replay` with analysis.workers then keep the engine off the
// main thread (it runs in the workers).
const cliWords = process.argv.slice(2);
const { registerModelCommands } = !cliWords.length || cliWords.some((w) => w === "model" || w === "help" || w === "--help" || w === "-h")
  ? await import("../analysis/text/cli.ts")
  : { registerModelCommands: () => program };
registerModelCommands(program, {
  loadLabels: async () => {
    const db = await openDatabase(databaseUrl(config().config));
    try {
      return await db.prisma.label.findMany({ select: { text: true, language: true, field: true, value: true }, orderBy: { id: "asc" } });
    } finally { await db.close(); }
  },
});

const usersCmd = program.command("users").description("Console users (admin, pr, service_manager, executive)");
usersCmd.command("add")
  .description("Create a user who can log in to the console and the API")
  .argument("<email>", "login e-mail")
  .requiredOption("--role <role>", "admin | pr | service_manager | executive")
  .option("--name <name>", "display name (default: the part before @)")
  .option("--locale <locale>", "console language: en | zh-CN", "en")
  .option("--password <password>", "password (prefer --password-env: flags are visible in the process list)")
  .option("--password-env <VAR>", "read the password from this environment variable", "EARSHOT_USER_PASSWORD")
  .action(async (email: string, opts: { role: string; name?: string; locale: string; password?: string; passwordEnv: string }) => {
    const { addUser, UserInputError } = await import("../web/auth/users.ts");
    const password = opts.password ?? process.env[opts.passwordEnv];
    if (!password) throw new ConfigError(`users add: no password: set ${opts.passwordEnv} or pass --password`);
    const cfgPath = program.opts().config as string;
    const db = await openDatabase(databaseUrl(fs.existsSync(cfgPath) ? config().config : ({ database: {} } as never)));
    try {
      const u = await addUser(db.prisma, { email, role: opts.role, password, name: opts.name, locale: opts.locale });
      await db.prisma.auditLog.create({ data: { at: new Date(), actor: process.env.USER ? `cli:${process.env.USER}` : "cli", action: "user.create", target: u.email, details: JSON.stringify({ role: u.role }) } });
      process.stdout.write(`created user #${u.id} ${u.email} (${u.role})\n`);
    } catch (err) {
      if (err instanceof UserInputError) throw new ConfigError(`users add: ${err.field}: ${err.message}`);
      throw err;
    } finally { await db.close(); }
  });
usersCmd.command("list")
  .description("List users")
  .action(async () => {
    const cfgPath = program.opts().config as string;
    const db = await openDatabase(databaseUrl(fs.existsSync(cfgPath) ? config().config : ({ database: {} } as never)));
    try {
      const rows = await db.prisma.user.findMany({ orderBy: { id: "asc" } });
      process.stdout.write(table(rows.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, disabled: u.disabled }))));
    } finally { await db.close(); }
  });

export async function main(argv = process.argv): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`earshot: ${describeError(err)}\n`);
      for (const i of err.issues) process.stderr.write(`  - ${i}\n`);
      process.exit(2);
    }
    process.stderr.write(`earshot: ${describeError(err)}\n`);
    process.exit(1);
  }
}

const invokedDirectly = process.argv[1] && /(earshot(\.mjs)?|cli\.ts)$/.test(path.basename(process.argv[1]));
if (invokedDirectly) await main();
