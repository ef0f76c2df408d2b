// The REST API: incidents, cases, mentions, labels, users, tokens. Each route names its
// permission; validation errors name the field (see route.ts).
import { z } from "zod";
import { defineRoute, idParams, pageQuery, pageOf, type RouteDef } from "./route.ts";
import { inbox, incidentDetail } from "./queries.ts";
import { CASE_ACTIONS, CASE_STATES, VALIDITY } from "../../cases/case.states.ts";
import { TAXONOMY_FIELDS, CaseError, type Actor } from "../../cases/case.service.ts";
import { recoveryPlanSchema } from "../../cases/recovery.ts";
import { customerHistory, linkHandle } from "../../cases/customer.identity.ts";
import { addUser, publicUser, UserInputError, LOCALES } from "../auth/users.ts";
import { createApiToken, type Principal } from "../auth/sessions.ts";
import { PERMISSIONS, ROLES } from "../auth/roles.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password.ts";
import type { Context } from "hono";

export function actorOf(u: Principal): Actor {
  return { label: u.email, userId: u.userId, permissions: u.permissions };
}

/** Maps domain errors to HTTP answers; anything else is a 500 from the server's onError. */
export function domainError(c: Context, err: unknown): Response {
  if (err instanceof CaseError) {
    const code = err.status === 403 ? "forbidden" : err.status === 404 ? "not_found" : err.status === 409 ? "conflict" : "validation_failed";
    return c.json({ error: code, message: err.message, ...(err.field ? { issues: [{ field: `body.${err.field}`, message: err.message }] } : {}) }, err.status);
  }
  if (err instanceof UserInputError) return c.json({ error: "validation_failed", message: err.message, issues: [{ field: `body.${err.field}`, message: err.message }] }, 400);
  throw err;
}

const notFound = (c: Context, what: string) => c.json({ error: "not_found", message: `${what} not found` }, 404);

const emptyToUndef = (v: unknown) => (v === "" ? undefined : v);
const filterQuery = pageQuery.extend({
  brand: z.preprocess(emptyToUndef, z.string().max(100).optional()),
  severity: z.preprocess(emptyToUndef, z.enum(["info", "warning", "critical", "general", "serious", "malicious"]).optional()),
  category: z.preprocess(emptyToUndef, z.enum(TAXONOMY_FIELDS.category).optional()),
  state: z.preprocess(emptyToUndef, z.enum([...CASE_STATES, "open", "acknowledged", "resolved"]).optional()),
});

const transitionBody = z.object({
  action: z.enum(CASE_ACTIONS),
  validity: z.enum(VALIDITY).optional(),
  scope: z.string().max(4000).optional(),
  cause: z.string().max(4000).optional(),
  causeSource: z.enum(["service", "company", "customer", "external"]).optional(),
  resolution: z.string().max(4000).optional(),
  outcome: z.string().max(4000).optional(),
  wonBack: z.boolean().optional().describe("Review: was the customer won back (false = churned)"),
  lessons: z.string().max(4000).optional(),
  reason: z.string().max(2000).optional(),
  note: z.string().max(2000).optional(),
}).strict();

const taxonomyBody = z.object(Object.fromEntries(Object.entries(TAXONOMY_FIELDS).map(([k, v]) => [k, z.enum(v as unknown as [string, ...string[]]).nullable().optional()]))).strict();

export const LABEL_FIELDS = { sentiment: "sentimentLabel", complaintKind: "complaintKind", complaintCategory: "complaintCategory", servqual: "servqual", severity: "severity", reason: "reason" } as const;
export const LABEL_VALUES: Record<keyof typeof LABEL_FIELDS, readonly string[] | null> = {
  sentiment: ["negative", "neutral", "positive"], complaintKind: ["complaint", "grumble", "question", "praise", "none"],
  complaintCategory: TAXONOMY_FIELDS.category, servqual: TAXONOMY_FIELDS.servqual, severity: TAXONOMY_FIELDS.severity, reason: null,
};

export const routes: RouteDef[] = [
  defineRoute({
    method: "get", path: "/api/me", summary: "The logged-in user and their permissions", tag: "users", permission: "read",
    handler: ({ c, user }) => c.json({ id: user.userId, email: user.email, name: user.name, role: user.role, locale: user.locale, permissions: [...user.permissions], via: user.via }),
  }),
  defineRoute({
    method: "patch", path: "/api/me", summary: "Change your console language", tag: "users", permission: "read",
    body: z.object({ locale: z.enum(LOCALES) }).strict(),
    handler: async ({ c, user, body, deps }) => {
      await deps.db.prisma.user.update({ where: { id: user.userId }, data: { locale: body.locale } });
      return c.json({ locale: body.locale });
    },
  }),
  defineRoute({
    method: "get", path: "/api/inbox", summary: "Open incidents and cases ordered by risk and SLA", tag: "inbox", permission: "read",
    query: filterQuery.omit({ page: true, pageSize: true }),
    handler: async ({ c, query, deps }) => c.json({ items: await inbox(deps.db.prisma, query, deps.now()), at: deps.now().toISOString() }),
  }),
  // ---- incidents
  defineRoute({
    method: "get", path: "/api/incidents", summary: "List incidents (newest first)", tag: "incidents", permission: "read",
    query: filterQuery,
    handler: async ({ c, query, deps }) => {
      const where = { ...(query.brand ? { brandId: query.brand } : {}), ...(query.severity ? { severity: query.severity } : {}), ...(query.state ? { status: query.state } : {}) };
      return c.json(await pageOf(query, (p) => deps.db.prisma.incident.findMany({ where, orderBy: { id: "desc" }, ...p }), () => deps.db.prisma.incident.count({ where })));
    },
  }),
  defineRoute({
    method: "get", path: "/api/incidents/{id}", summary: "An incident with its 3W timeline, growth series and top posts", tag: "incidents", permission: "read",
    params: idParams,
    handler: async ({ c, params, deps }) => {
      const d = await incidentDetail(deps.db.prisma, params.id);
      return d ? c.json(d) : notFound(c, `incident ${params.id}`);
    },
  }),
  defineRoute({
    method: "post", path: "/api/incidents/{id}/ack", summary: "Acknowledge an incident (and its alerts)", tag: "incidents", permission: "incident:ack",
    params: idParams, body: z.object({ note: z.string().max(2000).optional() }).strict(),
    handler: async ({ c, params, user, deps, body }) => {
      const r = await acknowledgeIncident(deps.db.prisma, params.id, user.email, deps.now(), body.note);
      return r === "not_found" ? notFound(c, `incident ${params.id}`) : c.json(r);
    },
  }),
  // ---- cases
  defineRoute({
    method: "get", path: "/api/cases", summary: "List cases (filters, pagination)", tag: "cases", permission: "read",
    query: filterQuery,
    handler: async ({ c, query, deps }) => {
      const where = { ...(query.brand ? { brandId: query.brand } : {}), ...(query.severity ? { severity: query.severity } : {}), ...(query.category ? { category: query.category } : {}), ...(query.state ? { state: query.state } : {}) };
      return c.json(await pageOf(query, (p) => deps.db.prisma.case.findMany({ where, orderBy: { id: "desc" }, ...p }), () => deps.db.prisma.case.count({ where })));
    },
  }),
  defineRoute({
    method: "post", path: "/api/cases", summary: "Open a case from an incident, an alert or a single mention", tag: "cases", permission: "case:work",
    body: z.object({ incidentId: z.number().int().positive().optional(), alertId: z.number().int().positive().optional(), mentionId: z.number().int().positive().optional(), title: z.string().max(300).optional(), ownerId: z.number().int().positive().nullable().optional() }).strict()
      .refine((b) => b.incidentId !== undefined || b.alertId !== undefined || b.mentionId !== undefined, { message: "give incidentId, alertId or mentionId", path: ["incidentId"] }),
    handler: async ({ c, body, user, deps }) => {
      try { return c.json(await deps.cases.open(body, actorOf(user), deps.now()), 201); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "get", path: "/api/cases/{id}", summary: "A case with events, mentions, customer history and the iceberg estimate", tag: "cases", permission: "read",
    params: idParams,
    handler: async ({ c, params, deps }) => {
      try { return c.json(await deps.cases.detail(params.id, deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "post", path: "/api/cases/{id}/transitions", summary: "Take one step of the eight-step process", tag: "cases", permission: "case:work",
    params: idParams, body: transitionBody,
    handler: async ({ c, params, body, user, deps }) => {
      const { action, ...input } = body;
      try { return c.json(await deps.cases.transition(params.id, action, input, actorOf(user), deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "patch", path: "/api/cases/{id}/taxonomy", summary: "Correct severity, category, SERVQUAL dimension, failure type (writes Labels)", tag: "cases", permission: "case:work",
    params: idParams, body: taxonomyBody,
    handler: async ({ c, params, body, user, deps }) => {
      try { return c.json(await deps.cases.setTaxonomy(params.id, body as never, actorOf(user), deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "put", path: "/api/cases/{id}/recovery", summary: "Set the service recovery plan (4R checklist, remedy, replies)", tag: "cases", permission: "case:work",
    params: idParams, body: recoveryPlanSchema,
    handler: async ({ c, params, body, user, deps }) => {
      try { return c.json(await deps.cases.setRecovery(params.id, body, actorOf(user), deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "post", path: "/api/cases/{id}/responses", summary: "Record a reply to the customer (stops the first-response clock)", tag: "cases", permission: "case:work",
    params: idParams, body: z.object({ channel: z.enum(["public", "private"]), text: z.string().min(1).max(4000) }).strict(),
    handler: async ({ c, params, body, user, deps }) => {
      try { return c.json(await deps.cases.respond(params.id, body, actorOf(user), deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "post", path: "/api/cases/{id}/waiting", summary: "Pause (waiting on the customer) or resume the SLA clocks", tag: "cases", permission: "case:work",
    params: idParams, body: z.object({ waiting: z.boolean() }).strict(),
    handler: async ({ c, params, body, user, deps }) => {
      try { return c.json(await deps.cases.setWaiting(params.id, body.waiting, actorOf(user), deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "post", path: "/api/cases/{id}/assign", summary: "Assign the case to a user (null to unassign)", tag: "cases", permission: "case:work",
    params: idParams, body: z.object({ ownerId: z.number().int().positive().nullable() }).strict(),
    handler: async ({ c, params, body, user, deps }) => {
      try { return c.json(await deps.cases.assign(params.id, body.ownerId, actorOf(user), deps.now())); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "post", path: "/api/cases/{id}/mentions", summary: "Attach a mention to the case as evidence", tag: "cases", permission: "case:work",
    params: idParams, body: z.object({ mentionId: z.number().int().positive() }).strict(),
    handler: async ({ c, params, body, user, deps }) => {
      try { await deps.cases.attachMention(params.id, body.mentionId, actorOf(user), deps.now()); return c.json({ ok: true }); } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "get", path: "/api/customers/{id}", summary: "A customer's handles and complaint history", tag: "cases", permission: "read",
    params: idParams,
    handler: async ({ c, params, deps }) => {
      const exists = await deps.db.prisma.customer.findUnique({ where: { id: params.id } });
      return exists ? c.json(await customerHistory(deps.db.prisma, params.id, deps.now())) : notFound(c, `customer ${params.id}`);
    },
  }),
  defineRoute({
    method: "post", path: "/api/customers/{id}/handles", summary: "Join another platform handle to this customer", tag: "cases", permission: "case:work",
    params: idParams, body: z.object({ platform: z.string().min(1).max(50), handle: z.string().min(1).max(200) }).strict(),
    handler: async ({ c, params, body, deps }) => {
      const exists = await deps.db.prisma.customer.findUnique({ where: { id: params.id } });
      if (!exists) return notFound(c, `customer ${params.id}`);
      await linkHandle(deps.db.prisma, params.id, body.platform, body.handle);
      return c.json(await customerHistory(deps.db.prisma, params.id, deps.now()));
    },
  }),
  // ---- mentions and labels
  defineRoute({
    method: "get", path: "/api/mentions", summary: "List mentions (newest first)", tag: "mentions", permission: "read",
    query: pageQuery.extend({ brand: z.string().max(100).optional(), storyId: z.coerce.number().int().positive().optional(), q: z.string().max(200).optional() }),
    handler: async ({ c, query, deps }) => {
      const where = { ...(query.brand ? { brandId: query.brand } : {}), ...(query.storyId ? { storyId: query.storyId } : {}), ...(query.q ? { text: { contains: query.q } } : {}) };
      return c.json(await pageOf(query, (p) => deps.db.prisma.mention.findMany({ where, include: { author: true }, orderBy: { publishedAt: "desc" }, ...p }), () => deps.db.prisma.mention.count({ where })));
    },
  }),
  defineRoute({
    method: "get", path: "/api/mentions/{id}", summary: "One mention with its labels", tag: "mentions", permission: "read",
    params: idParams,
    handler: async ({ c, params, deps }) => {
      const m = await deps.db.prisma.mention.findUnique({ where: { id: params.id }, include: { author: true, labels: true } });
      return m ? c.json(m) : notFound(c, `mention ${params.id}`);
    },
  }),
  defineRoute({
    method: "post", path: "/api/mentions/{id}/labels", summary: "Relabel a mention (stored as a Label for the learning loop)", tag: "labels", permission: "label:write",
    params: idParams, body: z.object({ field: z.enum(Object.keys(LABEL_FIELDS) as [keyof typeof LABEL_FIELDS]), value: z.string().min(1).max(100) }).strict()
      .refine((b) => !LABEL_VALUES[b.field] || LABEL_VALUES[b.field]!.includes(b.value), { message: "value is not allowed for this field", path: ["value"] }),
    handler: async ({ c, params, body, user, deps }) => {
      const m = await deps.db.prisma.mention.findUnique({ where: { id: params.id } });
      if (!m) return notFound(c, `mention ${params.id}`);
      const label = await deps.db.prisma.$transaction(async (tx) => {
        await tx.mention.update({ where: { id: m.id }, data: { [LABEL_FIELDS[body.field]]: body.value } });
        return tx.label.create({ data: { mentionId: m.id, text: m.text, language: m.language, field: body.field, value: body.value, actor: user.email, createdAt: deps.now() } });
      });
      return c.json(label, 201);
    },
  }),
  defineRoute({
    method: "get", path: "/api/labels", summary: "Human corrections (the learning loop's training rows)", tag: "labels", permission: "read",
    query: pageQuery.extend({ field: z.string().max(50).optional() }),
    handler: async ({ c, query, deps }) => {
      const where = query.field ? { field: query.field } : {};
      return c.json(await pageOf(query, (p) => deps.db.prisma.label.findMany({ where, orderBy: { id: "desc" }, ...p }), () => deps.db.prisma.label.count({ where })));
    },
  }),
  // ---- users and tokens
  defineRoute({
    method: "get", path: "/api/users", summary: "List users (names and roles; for assignment)", tag: "users", permission: "read",
    query: pageQuery,
    handler: async ({ c, query, deps }) => {
      return c.json(await pageOf(query, (p) => deps.db.prisma.user.findMany({ orderBy: { id: "asc" }, ...p }).then((rows) => rows.map(publicUser)), () => deps.db.prisma.user.count()));
    },
  }),
  defineRoute({
    method: "post", path: "/api/users", summary: "Create a user", tag: "users", permission: "user:admin",
    body: z.object({ email: z.string().min(3).max(200), role: z.enum(ROLES), password: z.string().min(MIN_PASSWORD_LENGTH).max(500), name: z.string().max(200).optional(), locale: z.enum(LOCALES).optional() }).strict(),
    handler: async ({ c, body, user, deps }) => {
      try {
        const u = await addUser(deps.db.prisma, body);
        await deps.db.prisma.auditLog.create({ data: { at: deps.now(), actor: user.email, action: "user.create", target: u.email, details: JSON.stringify({ role: u.role }) } });
        return c.json(publicUser(u), 201);
      } catch (err) { return domainError(c, err); }
    },
  }),
  defineRoute({
    method: "patch", path: "/api/users/{id}", summary: "Change a user's role, name, locale, password or disable them", tag: "users", permission: "user:admin",
    params: idParams,
    body: z.object({ role: z.enum(ROLES).optional(), name: z.string().min(1).max(200).optional(), locale: z.enum(LOCALES).optional(), disabled: z.boolean().optional(), password: z.string().min(MIN_PASSWORD_LENGTH).max(500).optional() }).strict(),
    handler: async ({ c, params, body, user, deps }) => {
      const u = await deps.db.prisma.user.findUnique({ where: { id: params.id } });
      if (!u) return notFound(c, `user ${params.id}`);
      // Never leave the installation without an administrator.
      if (u.role === "admin" && ((body.role && body.role !== "admin") || body.disabled)) {
        const admins = await deps.db.prisma.user.count({ where: { role: "admin", disabled: false } });
        if (admins <= 1) return c.json({ error: "conflict", message: "this is the last active admin; make someone else admin first", issues: [{ field: body.disabled ? "body.disabled" : "body.role", message: "last active admin" }] }, 409);
      }
      const { password, ...rest } = body;
      const updated = await deps.db.prisma.user.update({ where: { id: u.id }, data: { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) } });
      // Disabling or re-roling someone ends their sessions: permissions take effect now, not at next login.
      if (body.disabled || body.role || password) await deps.db.prisma.session.deleteMany({ where: { userId: u.id } });
      await deps.db.prisma.auditLog.create({ data: { at: deps.now(), actor: user.email, action: "user.update", target: u.email, details: JSON.stringify({ ...rest, password: password ? "[changed]" : undefined }) } });
      return c.json(publicUser(updated));
    },
  }),
  defineRoute({
    method: "post", path: "/api/tokens", summary: "Create an API token for yourself with scopes (the token is shown once)", tag: "users", permission: "read",
    body: z.object({ name: z.string().min(1).max(100), scopes: z.array(z.enum(PERMISSIONS)).min(1), expiresInDays: z.number().int().min(1).max(3650).optional() }).strict(),
    handler: async ({ c, body, user, deps }) => {
      const beyond = body.scopes.filter((s) => !user.permissions.has(s));
      if (beyond.length) return c.json({ error: "forbidden", message: `you cannot grant scopes you do not have: ${beyond.join(", ")}` }, 403);
      const expiresAt = body.expiresInDays ? new Date(deps.now().getTime() + body.expiresInDays * 86400_000) : null;
      const t = await createApiToken(deps.db.prisma, user.userId, body.name, body.scopes, expiresAt);
      return c.json({ id: t.id, token: t.token, scopes: body.scopes, expiresAt }, 201);
    },
  }),
];

export async function acknowledgeIncident(prisma: import("../../core/db/index.ts").PrismaClient, id: number, actor: string, now: Date, note?: string) {
  const inc = await prisma.incident.findUnique({ where: { id } });
  if (!inc) return "not_found" as const;
  if (inc.status !== "open") return { id, status: inc.status, acknowledgedAt: inc.acknowledgedAt, acknowledgedBy: inc.acknowledgedBy, changed: false };
  await prisma.$transaction(async (tx) => {
    await tx.incident.update({ where: { id }, data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor } });
    await tx.incidentEvent.create({ data: { incidentId: id, at: now, kind: "acknowledged", actor, message: `Acknowledged by ${actor}${note ? `: ${note}` : ""}` } });
    // Acknowledging the incident stops escalation of its alerts.
    await tx.alert.updateMany({ where: { incidentId: id, acknowledgedAt: null }, data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor } });
  });
  return { id, status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor, changed: true };
}
