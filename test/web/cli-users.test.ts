import path from "node:path";
import fs from "node:fs";
import { describe, it, expect } from "vitest";
import { program } from "../../core/cli.ts";
import { openDatabase } from "../../core/db/index.ts";
import { verifyPassword } from "../../web/auth/password.ts";
import { ConfigError } from "../../core/errors.ts";
import { tmpDir } from "../helpers/tmp.ts";

describe("earshot users add", () => {
  it("creates a user a fresh install can log in with, password from the environment", async () => {
    const dir = tmpDir("earshot-cli-users-");
    const cfg = path.join(dir, "earshot.yml");
    fs.writeFileSync(cfg, `brands:\n  - id: acme\n    name: Acme\n    keywords: [acme]\ndatabase:\n  url: file:${path.join(dir, "e.db")}\n`);
    process.env.EARSHOT_TEST_PW = "from the environment please";
    await program.parseAsync(["node", "earshot", "-c", cfg, "users", "add", "Boss@Acme.test", "--role", "admin", "--password-env", "EARSHOT_TEST_PW", "--locale", "zh-CN"]);
    const db = await openDatabase(`file:${path.join(dir, "e.db")}`);
    try {
      const u = await db.prisma.user.findUniqueOrThrow({ where: { email: "boss@acme.test" } });
      expect(u).toMatchObject({ role: "admin", locale: "zh-CN" });
      expect(await verifyPassword("from the environment please", u.passwordHash)).toBe(true);
      expect(await db.prisma.auditLog.count({ where: { action: "user.create", target: "boss@acme.test" } })).toBe(1);
    } finally { await db.close(); }
    await expect(program.parseAsync(["node", "earshot", "-c", cfg, "users", "add", "x@acme.test", "--role", "god", "--password", "long enough password"])).rejects.toThrow(/role must be one of admin, pr, service_manager, executive/);
    await expect(program.parseAsync(["node", "earshot", "-c", cfg, "users", "add", "y@acme.test", "--role", "pr", "--password-env", "EARSHOT_NOT_SET_ANYWHERE"])).rejects.toBeInstanceOf(ConfigError);
    delete process.env.EARSHOT_TEST_PW;
  });
});
