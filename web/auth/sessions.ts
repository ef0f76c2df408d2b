// Sessions (cookie) and API tokens (bearer). Only hashes of secrets are stored: the
// session id is sha256-hashed before it is used as the row id, so a leaked database
// cannot be replayed as cookies; tokens likewise.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "../../core/db/index.ts";
import { permissionsOf } from "./roles.ts";

export const SESSION_COOKIE = "earshot_session";
export const SESSION_TTL_MS = 12 * 3600_000;
export const TOKEN_PREFIX = "esk_";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export interface Principal {
  userId: number;
  email: string;
  name: string;
  role: string;
  locale: string;
  permissions: Set<string>;
  via: "session" | "token";
  csrfToken?: string;
  sessionId?: string;
}

export async function createSession(prisma: PrismaClient, userId: number, now = new Date()) {
  const secret = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await prisma.session.create({ data: { id: sha256(secret), userId, csrfToken, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) } });
  return { cookie: secret, csrfToken };
}

export async function sessionPrincipal(prisma: PrismaClient, cookie: string | undefined, now = new Date()): Promise<Principal | null> {
  if (!cookie || cookie.length > 200) return null;
  const s = await prisma.session.findUnique({ where: { id: sha256(cookie) }, include: { user: true } });
  if (!s || s.expiresAt <= now || s.user.disabled) return null;
  return { userId: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role, locale: s.user.locale, permissions: permissionsOf(s.user.role), via: "session", csrfToken: s.csrfToken, sessionId: s.id };
}

export async function deleteSession(prisma: PrismaClient, sessionId: string) {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

export async function createApiToken(prisma: PrismaClient, userId: number, name: string, scopes: string[], expiresAt?: Date | null) {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await prisma.apiToken.create({ data: { userId, name, tokenHash: sha256(token), scopes: scopes.join(" "), expiresAt: expiresAt ?? null } });
  return { token, id: row.id };
}

export async function tokenPrincipal(prisma: PrismaClient, token: string, now = new Date()): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const t = await prisma.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!t || !t.user || t.user.disabled || (t.expiresAt && t.expiresAt <= now)) return null;
  await prisma.apiToken.update({ where: { id: t.id }, data: { lastUsedAt: now } });
  return { userId: t.user.id, email: t.user.email, name: t.user.name, role: t.user.role, locale: t.user.locale, permissions: permissionsOf(t.user.role, t.scopes.split(/\s+/).filter(Boolean)), via: "token" };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
