// User management shared by the API and `earshot users add`.
import type { PrismaClient } from "../../core/db/index.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password.ts";
import { isRole, ROLES } from "./roles.ts";

export const LOCALES = ["en", "zh-CN"] as const;

export class UserInputError extends Error {
  constructor(message: string, readonly field: string) { super(message); this.name = "UserInputError"; }
}

export async function addUser(prisma: PrismaClient, u: { email: string; role: string; password: string; name?: string; locale?: string }) {
  const email = u.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UserInputError(`email ${JSON.stringify(u.email)} is not an e-mail address`, "email");
  if (!isRole(u.role)) throw new UserInputError(`role must be one of ${ROLES.join(", ")}; got ${JSON.stringify(u.role)}`, "role");
  if (u.password.length < MIN_PASSWORD_LENGTH) throw new UserInputError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`, "password");
  if (u.locale && !(LOCALES as readonly string[]).includes(u.locale)) throw new UserInputError(`locale must be one of ${LOCALES.join(", ")}`, "locale");
  if (await prisma.user.findUnique({ where: { email } })) throw new UserInputError(`a user with email ${email} already exists`, "email");
  return prisma.user.create({ data: { email, role: u.role, name: u.name?.trim() || email.split("@")[0], passwordHash: await hashPassword(u.password), locale: u.locale ?? "en" } });
}

export function publicUser(u: { id: number; email: string; name: string; role: string; locale: string; disabled: boolean; createdAt: Date }) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, disabled: u.disabled, createdAt: u.createdAt.toISOString() };
}
