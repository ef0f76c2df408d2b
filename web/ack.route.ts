// Acknowledge links from alerts (alerts/ack.ts signs them as /api/ack?token=...).
// GET only shows a confirmation page: mail scanners and chat unfurlers fetch links,
// and a fetch must never acknowledge anything. The POST does it, as the logged-in
// user when there is one, otherwise as the receiver the link was sent to.
import type { Hono } from "hono";
import { verifyAckToken, acknowledgeByToken } from "../alerts/ack.ts";
import type { Principal } from "./auth/sessions.ts";
import type { WebDeps } from "./deps.ts";
import { h } from "./console/html.ts";
import { describeError } from "../core/errors.ts";
import { layout } from "./console/pages.ts";
import { translator } from "./console/i18n.ts";

type Env = { Variables: { principal: Principal | null } };



export function mountAckRoute(app: Hono<Env>, deps: WebDeps, getSecret: () => string) {
  // Without a configured secret no link was ever sent; say so instead of failing with a 500.
  const secretOrError = (): { secret: string } | { error: string } => {
    try { return { secret: getSecret() }; } catch (err) { return { error: describeError(err) }; }
  };
  const page = (title: string, body: ReturnType<typeof h>, status: 200 | 400 = 200) => {
    const t = translator("en");
    return new Response(layout(t, null, title, body, { locale: "en" }), { status, headers: { "content-type": "text/html; charset=utf-8" } });
  };

  app.get("/api/ack", (c) => {
    const token = c.req.query("token") ?? "";
    const s = secretOrError();
    if ("error" in s) return c.json({ error: "ack_not_configured", message: s.error }, 503);
    const v = verifyAckToken(token, s.secret, deps.now().getTime());
    if (!v.ok) return page("Acknowledge", h`<h1>Acknowledge</h1><p class="error" role="alert">This link cannot be used: ${v.reason.replace("_", " ")}.</p>`, 400);
    const p = c.get("principal");
    return page("Acknowledge", h`<h1>Acknowledge this alert?</h1>
      <p>${v.claims.incidentId ? h`Incident #${v.claims.incidentId}` : "Alert group"} (${v.claims.fingerprint})${v.claims.receiver ? h`, sent to ${v.claims.receiver}` : ""}.</p>
      <form method="post" action="/api/ack">
        <input type="hidden" name="token" value="${token}">
        ${p?.csrfToken ? h`<input type="hidden" name="_csrf" value="${p.csrfToken}">` : ""}
        <button type="submit" class="primary">Acknowledge${p ? h` as ${p.email}` : ""}</button>
      </form>`);
  });

  app.post("/api/ack", async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : c.req.query("token") ?? "";
    const p = c.get("principal");
    const s = secretOrError();
    if ("error" in s) return c.json({ error: "ack_not_configured", message: s.error }, 503);
    const v = verifyAckToken(token, s.secret, deps.now().getTime());
    const actor = p?.email ?? (v.ok && v.claims.receiver ? `link:${v.claims.receiver}` : "link");
    const r = await acknowledgeByToken(deps.db.prisma, token, s.secret, actor, deps.now());
    if (!r.ok) return page("Acknowledge", h`<h1>Acknowledge</h1><p class="error" role="alert">This link cannot be used: ${r.reason.replace("_", " ")}.</p>`, 400);
    const what = r.result.alreadyAcknowledged ? "It was already acknowledged." : `Acknowledged ${r.result.alerts} alert(s)${r.result.incidentAcknowledged ? " and the incident" : ""}.`;
    return page("Acknowledged", h`<h1>Thank you</h1><p role="status">${what}</p>${r.claims.incidentId ? h`<p><a href="/incidents/${r.claims.incidentId}">Open incident #${r.claims.incidentId}</a></p>` : ""}`);
  });
}
