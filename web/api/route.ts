// One typed descriptor per API route: method, path, permission, zod schemas for the
// path, query and body, and the handler. The same list mounts the routes on hono,
// validates requests (400 naming the field) and generates the OpenAPI document, so the
// document cannot drift from what the server accepts.
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { Principal } from "../auth/sessions.ts";
import type { Permission } from "../auth/roles.ts";
import type { WebDeps } from "../deps.ts";

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: Principal;
  c: Context;
  deps: WebDeps;
}

export interface RouteDef<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI-style path, e.g. /api/cases/{id}. */
  path: string;
  summary: string;
  tag: string;
  /** Permission checked on the server before the handler runs. */
  permission: Permission;
  params?: P;
  query?: Q;
  body?: B;
  /** Response description for the document. */
  response?: z.ZodType;
  handler(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<Response> | Response;
}

export function defineRoute<P extends z.ZodType = z.ZodObject<{}>, Q extends z.ZodType = z.ZodObject<{}>, B extends z.ZodType = z.ZodObject<{}>>(r: RouteDef<P, Q, B>): RouteDef {
  return r as unknown as RouteDef;
}

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).describe("1-based page number"),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).describe("Items per page (max 200)"),
});

export function paged<T>(items: T[], total: number, page: number, pageSize: number) {
  return { items, page, pageSize, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Runs one page of a list query and its count together; `find` receives skip/take. */
export async function pageOf<T>(q: { page: number; pageSize: number }, find: (p: { skip: number; take: number }) => Promise<T[]>, count: () => Promise<number>) {
  const [items, total] = await Promise.all([find({ skip: (q.page - 1) * q.pageSize, take: q.pageSize }), count()]);
  return paged(items, total, q.page, q.pageSize);
}

export interface FieldIssue { field: string; message: string }

export function issuesOf(where: "path" | "query" | "body", err: z.ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ field: [where, ...i.path.map(String)].join("."), message: i.message }));
}

export function validationError(c: Context, issues: FieldIssue[]) {
  return c.json({ error: "validation_failed", message: issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues }, 400);
}

const honoPath = (p: string) => p.replace(/\{(\w+)\}/g, ":$1");

export function mountRoutes(app: Hono, routes: RouteDef[], deps: WebDeps, authenticate: (c: Context) => Principal | null) {
  for (const r of routes) {
    app.on(r.method.toUpperCase(), honoPath(r.path), async (c) => {
      const user = authenticate(c);
      if (!user) return c.json({ error: "unauthenticated", message: "log in or send Authorization: Bearer <token>" }, 401);
      if (!user.permissions.has(r.permission)) {
        return c.json({ error: "forbidden", message: `this needs the ${r.permission} permission (your role: ${user.role}${user.via === "token" ? ", token scopes apply" : ""})` }, 403);
      }
      const issues: FieldIssue[] = [];
      const params = r.params ? r.params.safeParse(c.req.param()) : { success: true as const, data: {} };
      if (!params.success) issues.push(...issuesOf("path", params.error));
      const query = r.query ? r.query.safeParse(c.req.query()) : { success: true as const, data: {} };
      if (!query.success) issues.push(...issuesOf("query", query.error));
      let body: { success: true; data: unknown } | { success: false; error: z.ZodError } = { success: true, data: {} };
      if (r.body) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          return validationError(c, [{ field: "body", message: "body must be JSON (Content-Type: application/json)" }]);
        }
        body = r.body.safeParse(raw);
        if (!body.success) issues.push(...issuesOf("body", body.error));
      }
      if (issues.length) return validationError(c, issues);
      return r.handler({ params: params.data, query: query.data, body: (body as { data: unknown }).data, user, c, deps } as never);
    });
  }
}

/** The OpenAPI 3.1 document for the routes. */
export function openApiDocument(routes: RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const js = (s: z.ZodType) => {
    const { $schema: _omit, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    return rest;
  };
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [["path", r.params], ["query", r.query]] as const) {
      if (!schema) continue;
      const obj = js(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(obj.properties ?? {})) {
        parameters.push({ name, in: where, required: where === "path" || (obj.required ?? []).includes(name), schema: s });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary, tags: [r.tag], operationId: `${r.method}${r.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ""))}`,
      "x-permission": r.permission,
      parameters,
      responses: {
        "200": { description: "OK", ...(r.response ? { content: { "application/json": { schema: js(r.response) } } } : {}) },
        "400": { description: "Validation failed: `issues` names each field", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        "401": { description: "Not logged in / bad token" },
        "403": { description: `Missing permission ${r.permission}, or missing CSRF token` },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { "application/json": { schema: js(r.body) } } };
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Earshot API", version, description: "Incidents, complaint cases, mentions, labels and users. Session cookie (with X-CSRF-Token on mutations) or Authorization: Bearer <API token>." },
    components: {
      securitySchemes: { session: { type: "apiKey", in: "cookie", name: "earshot_session" }, token: { type: "http", scheme: "bearer" } },
      schemas: { Error: { type: "object", properties: { error: { type: "string" }, message: { type: "string" }, issues: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } } }, required: ["error", "message"] } },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
