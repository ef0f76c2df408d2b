// Throw-away PostgreSQL for tests. With EARSHOT_TEST_DATABASE_URL (or a postgres://
// DATABASE_URL) it uses that server; otherwise it starts a private cluster
// (initdb + pg_ctl, trust auth, fsync off) on a free 127.0.0.1 port in a temp dir and
// stops it afterwards. Tests that need PostgreSQL fail loudly when the binaries are
// missing: a suite that silently skips its database tests proves nothing.
import fs from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { execFileSync } from "node:child_process";
import pg from "pg";

export interface PgCluster {
  /** postgres:// URL of the maintenance database (postgres). */
  url: string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

export function findPgBin(): string {
  const candidates = [process.env.EARSHOT_PG_BIN, ...listVersions()].filter(Boolean) as string[];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  throw new Error("PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or $EARSHOT_PG_BIN: " +
    "install postgresql (Debian: apt-get install -y postgresql) or set EARSHOT_TEST_DATABASE_URL=postgres://...");
}

function listVersions(): string[] {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, "bin"));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function externalUrl(): string | null {
  const u = process.env.EARSHOT_TEST_DATABASE_URL || process.env.DATABASE_URL;
  return u && /^postgres(ql)?:\/\//.test(u) ? u : null;
}

/** Runs a server binary as the postgres user when we are root (initdb refuses root). */
function runAsPg(bin: string, args: string[], opts: { cwd?: string } = {}): string {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: opts.cwd ?? os.tmpdir(), timeout: 60_000 });
}

export async function startPostgres(): Promise<PgCluster> {
  const ext = externalUrl();
  if (ext) return { url: ext, createDatabase: (prefix) => createDb(ext, prefix), stop: async () => {} };
  const bin = findPgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-pg-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o700);
  const data = path.join(dir, "data");
  const port = await freePort();
  try {
    runAsPg(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    const serverOpts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB`;
    runAsPg(path.join(bin, "pg_ctl"), ["-D", data, "-o", serverOpts, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  } catch (err) {
    const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-2000) : "";
    const e = err as { stderr?: string; message: string };
    throw new Error(`could not start a throw-away PostgreSQL cluster: ${e.stderr || e.message}\n${log}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try { runAsPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]); } catch { /* already gone */ }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // A crashed test run must not leave servers behind.
  process.once("exit", () => { if (!stopped) try { runAsPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]); } catch { /* ignore */ } });
  return { url, createDatabase: (prefix) => createDb(url, prefix), stop };
}

let counter = 0;
async function createDb(adminUrl: string, prefix = "earshot_test"): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try { await c.query(`CREATE DATABASE "${name}"`); } finally { await c.end(); }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
