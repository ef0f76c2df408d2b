import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { toPostgresSchema, SQLITE_SCHEMA, POSTGRES_SCHEMA } from "../../core/db/postgres-schema.ts";
import { listMigrations } from "../../core/db/migrate.ts";
import { PG_MIGRATIONS_DIR } from "../../core/db/postgres-migrate.ts";

const models = (text: string) => [...text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)].map((m) => [m[1], m[2].replace(/\/\/.*$/gm, "").replace(/\s+/g, " ").trim()]);

describe("PostgreSQL schema", () => {
  it("is exactly what `npm run db:schemas` derives from prisma/schema.prisma", () => {
    const expected = toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    // When this fails: run `npm run db:schemas` and add a PostgreSQL migration (see dashboards/README.md).
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(expected);
  });

  it("describes the same models field by field", () => {
    const sqlite = models(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    const pgModels = models(fs.readFileSync(POSTGRES_SCHEMA, "utf8"));
    expect(sqlite.length).toBeGreaterThan(20);
    expect(pgModels).toEqual(sqlite);
  });

  it("has a PostgreSQL migration for every SQLite migration, and vice versa", () => {
    const names = (ms: { name: string }[]) => ms.map((m) => m.name);
    expect(names(listMigrations(PG_MIGRATIONS_DIR))).toEqual(names(listMigrations()));
  });

  it("refuses a schema without a sqlite datasource with a clear message", () => {
    expect(() => toPostgresSchema("model A { id Int @id }")).toThrow(/datasource provider "sqlite" not found/);
  });
});
