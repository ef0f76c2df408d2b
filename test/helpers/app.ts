// Builds a real app (real SQLite file in a temp dir, real pipeline) from a config object.
import path from "node:path";
import { parseConfigText } from "../../core/config/load.ts";
import { createApp, type AppContext } from "../../core/app.ts";
import { openDatabase } from "../../core/db/index.ts";
import { tmpDir } from "./tmp.ts";
import YAML from "yaml";
import { startPostgres } from "../setup/postgres.ts";

export function testDatabaseUrl(dir: string): string {
  return `file:${path.join(dir, "earshot.db")}`;
}

export function configFrom(obj: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  return parseConfigText(YAML.stringify(obj), "test.yml", env).config;
}

export const baseBrand = { id: "acme-air", name: "Acme Air", keywords: ["Acme Air", "@acmeair"], aliases: ["AcmeAir"], exclusions: ["acme air fryer"], competitors: ["Globex Airways"] };

export async function makeApp(obj: Record<string, unknown>, dir = tmpDir(), env: NodeJS.ProcessEnv = {}): Promise<AppContext & { dir: string; dbUrl: string }> {
  const config = configFrom({ brands: [baseBrand], ...obj }, env);
  // EARSHOT_TEST_DB=postgres runs the suite on PostgreSQL: a fresh database per app.
  const dbUrl = process.env.EARSHOT_TEST_DB === "postgres" ? await (await startPostgres()).createDatabase() : testDatabaseUrl(dir);
  const db = await openDatabase(dbUrl);
  const app = await createApp(config, { db });
  return Object.assign(app, { dir, dbUrl });
}
