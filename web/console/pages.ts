// Server-rendered console pages. Pure functions from data to HTML (escaped by h``), so
// they can be tested without a browser and need no build step.
import { h, raw, safeUrl, type Raw } from "./html.ts";
import { htmlLang, type Translate, type MessageKey } from "./i18n.ts";
import { actionsFrom, STEP_OF, CASE_STATES, type CaseState } from "../../cases/case.states.ts";
import { TAXONOMY_FIELDS } from "../../cases/case.service.ts";
import type { InboxItem, GrowthPoint } from "../api/queries.ts";

export interface PageUser { email: string; name: string; role: string; locale: string; permissions: Set<string>; csrfToken?: string }

const csrfField = (u: PageUser) => h`<input type="hidden" name="_csrf" value="${u.csrfToken ?? ""}">`;
const fmtTime = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC") : "—");

export function layout(t: Translate, user: PageUser | null, title: string, body: Raw, opts: { locale: string }): string {
  const nav = user ? h`
    <nav aria-label="main">
      <a href="/">${t("inbox")}</a>
      <a href="/cases">${t("cases")}</a>
    </nav>
    <div class="who">
      <span>${user.name} (${user.role})</span>
      <form method="post" action="/ui/locale" class="inline">
        ${csrfField(user)}
        <input type="hidden" name="locale" value="${user.locale === "zh-CN" ? "en" : "zh-CN"}">
        <button type="submit" aria-label="${t("switchLanguage")}">${user.locale === "zh-CN" ? "English" : "简体中文"}</button>
      </form>
      <form method="post" action="/logout" class="inline">${csrfField(user)}<button type="submit">${t("logout")}</button></form>
    </div>` : "";
  return "<!doctype html>" + h`<html lang="${htmlLang(opts.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Earshot</title>
<link rel="stylesheet" href="/static/console.css">
<script src="/static/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t("skipToContent")}</a>
<header><a class="brand" href="/">${t("appName")}</a>${nav}</header>
<main id="main" tabindex="-1">${body}</main>
</body>
</html>`.html;
}

export function loginPage(t: Translate, nonce: string, error: string | null): Raw {
  return h`<h1>${t("login")}</h1>
  ${error ? h`<p class="error" role="alert">${t("loginFailed")}: ${error}</p>` : ""}
  <form method="post" action="/login" class="card narrow">
    <input type="hidden" name="_csrf" value="${nonce}">
    <label for="email">${t("email")}</label>
    <input id="email" name="email" type="email" autocomplete="username" required autofocus>
    <label for="password">${t("password")}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="primary">${t("login")}</button>
  </form>`;
}

function select(name: string, label: string, values: readonly string[], current: string | null | undefined, t: Translate, opts: { any?: boolean; id?: string } = {}): Raw {
  const id = opts.id ?? `f-${name}`;
  return h`<label for="${id}">${label}</label><select id="${id}" name="${name}">
    ${opts.any ? h`<option value="">${t("any")}</option>` : ""}
    ${values.map((v) => h`<option value="${v}"${v === current ? raw(" selected") : ""}>${v}</option>`)}
  </select>`;
}

export interface InboxFilterValues { brand?: string; severity?: string; category?: string; state?: string }

export function inboxRows(t: Translate, items: InboxItem[]): Raw {
  if (!items.length) return h`<tr><td colspan="7" class="empty">${t("nothing")}</td></tr>`;
  return h`${items.map((i) => {
    const href = i.type === "incident" ? `/incidents/${i.id}` : `/cases/${i.id}`;
    const state = i.type === "case" ? t(`step.${i.state}` as MessageKey) : i.state;
    return h`<tr class="row sev-${i.severity ?? "none"}${i.overdue ? " overdue" : ""}" data-href="${href}" data-type="${i.type}" data-id="${i.id}" tabindex="0">
      <td data-label="${t("type")}"><span class="tag ${i.type}">${i.type === "incident" ? t("incident") : t("case")} #${i.id}</span></td>
      <td data-label="${t("title")}"><a href="${href}">${i.title}</a></td>
      <td data-label="${t("severity")}">${i.severity ?? "—"}${i.category ? h` · ${i.category}` : ""}</td>
      <td data-label="${t("state")}">${state}</td>
      <td data-label="${t("risk")}">${i.risk.toFixed(2)}</td>
      <td data-label="${t("due")}">${i.due ? h`<time datetime="${i.due}">${fmtTime(i.due)}</time>${i.overdue ? h` <strong class="bad">${t("overdue")}</strong>` : ""}` : "—"}</td>
      <td data-label="${t("owner")}">${i.owner ?? "—"}</td>
    </tr>`;
  })}`;
}

export interface ComplaintCounts { openCases: number; complainers30d: number; iceberg: { unhappy: number; silent: number; label: string } }

export function inboxPage(t: Translate, user: PageUser, items: InboxItem[], f: InboxFilterValues, brands: string[], now: Date, counts?: ComplaintCounts): Raw {
  const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();
  return h`<h1>${t("inbox")}</h1>
  ${counts ? h`<p class="counts" id="complaint-counts">${t("openCases")}: <strong>${counts.openCases}</strong> · ${t("complainers30d")}: <strong>${counts.complainers30d}</strong>
    · ${t("iceberg")} <span class="tag estimate">${t("rule")}</span>: ~${counts.iceberg.unhappy} ${t("unhappy")}, ${counts.iceberg.silent} ${t("silent")}
    <span class="sr-only">${counts.iceberg.label}</span></p>` : ""}
  ${user.permissions.has("case:work") ? "" : h`<p class="note" role="status">${t("readOnly")}</p>`}
  <form method="get" action="/" class="filters card" aria-label="${t("filters")}">
    ${select("brand", t("brand"), brands, f.brand, t, { any: true })}
    ${select("severity", t("severity"), ["critical", "warning", "info", "serious", "general", "malicious"], f.severity, t, { any: true })}
    ${select("category", t("category"), TAXONOMY_FIELDS.category, f.category, t, { any: true })}
    ${select("state", t("state"), ["open", "acknowledged", ...CASE_STATES], f.state, t, { any: true })}
    <button type="submit">${t("apply")}</button>
  </form>
  <p class="muted"><span aria-live="polite" id="live-status">${t("liveUpdates")} · ${t("lastUpdated")} <time id="updated-at">${fmtTime(now)}</time></span></p>
  <p class="muted small">${t("shortcuts")}</p>
  <p id="action-status" role="status" aria-live="polite"></p>
  <table class="inbox" aria-label="${t("inbox")}">
    <thead><tr><th scope="col">${t("type")}</th><th scope="col">${t("title")}</th><th scope="col">${t("severity")}</th><th scope="col">${t("state")}</th><th scope="col">${t("risk")}</th><th scope="col">${t("due")}</th><th scope="col">${t("owner")}</th></tr></thead>
    <tbody id="inbox-rows" data-poll="/ui/inbox-rows${qs ? `?${qs}` : ""}">${inboxRows(t, items)}</tbody>
  </table>`;
}

/** Inline SVG line chart of cumulative posts per hour: no chart library, readable by screen readers via the table fallback. */
export function growthChart(t: Translate, points: GrowthPoint[], predicted: number | null): Raw {
  if (!points.length) return h`<p class="muted">${t("noPosts")}</p>`;
  const W = 640, H = 200, P = 30;
  const maxY = Math.max(predicted ?? 0, ...points.map((p) => p.cumulative), 1);
  const t0 = new Date(points[0].t).getTime(), t1 = Math.max(new Date(points[points.length - 1].t).getTime(), t0 + 3600_000);
  const x = (ts: string) => P + ((new Date(ts).getTime() - t0) / (t1 - t0)) * (W - 2 * P);
  const y = (v: number) => H - P - (v / maxY) * (H - 2 * P);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.cumulative).toFixed(1)}`).join(" ");
  const bars = points.map((p) => h`<rect x="${(x(p.t) - 3).toFixed(1)}" y="${y(p.count).toFixed(1)}" width="6" height="${(H - P - y(p.count)).toFixed(1)}" class="bar"></rect>`);
  return h`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${t("growth")}: ${points[points.length - 1].cumulative}">
      <line x1="${P}" y1="${H - P}" x2="${W - P}" y2="${H - P}" class="axis"></line>
      <line x1="${P}" y1="${P}" x2="${P}" y2="${H - P}" class="axis"></line>
      ${bars}
      <path d="${line}" class="line" fill="none"></path>
      ${predicted ? h`<line x1="${P}" x2="${W - P}" y1="${y(predicted).toFixed(1)}" y2="${y(predicted).toFixed(1)}" class="predicted"></line><text x="${W - P}" y="${(y(predicted) - 4).toFixed(1)}" text-anchor="end" class="label">${t("predictedSize")} ${Math.round(predicted)}</text>` : ""}
      <text x="${P}" y="${P - 8}" class="label">${maxY}</text>
      <text x="${P}" y="${H - 8}" class="label">${fmtTime(points[0].t)}</text>
      <text x="${W - P}" y="${H - 8}" text-anchor="end" class="label">${fmtTime(points[points.length - 1].t)}</text>
    </svg>
    <figcaption>${t("growth")}</figcaption>
  </figure>`;
}

interface PostLike { id: number; text: string; url: string | null; platform: string; publishedAt: Date; likes: number; reposts: number; sentimentLabel: string | null; complaintKind: string | null; author: { handle: string; displayName: string | null } | null }

/** Relabel choices offered on each post (field=value), a subset of what the API accepts. */
export const RELABEL_CHOICES = [
  "complaintKind=complaint", "complaintKind=grumble", "complaintKind=question", "complaintKind=praise", "complaintKind=none",
  "sentiment=negative", "sentiment=neutral", "sentiment=positive",
  "severity=general", "severity=serious", "severity=malicious",
  "complaintCategory=product", "complaintCategory=service", "complaintCategory=price", "complaintCategory=integrity",
] as const;

export function postList(t: Translate, posts: PostLike[], user?: PageUser, back = "/"): Raw {
  if (!posts.length) return h`<p class="muted">${t("noPosts")}</p>`;
  const canLabel = !!user?.permissions.has("label:write");
  const canCase = !!user?.permissions.has("case:work");
  return h`<ul class="posts">${posts.map((p) => {
    const url = safeUrl(p.url);
    return h`<li class="post" data-mention-id="${p.id}">
      <div class="meta">${p.author ? h`<strong>${p.author.displayName ?? p.author.handle}</strong> @${p.author.handle}` : ""} · ${p.platform} · <time datetime="${p.publishedAt.toISOString()}">${fmtTime(p.publishedAt)}</time> · ♥ ${p.likes} ⟳ ${p.reposts}${p.sentimentLabel ? h` · ${p.sentimentLabel}` : ""}${p.complaintKind ? h` · ${p.complaintKind}` : ""}</div>
      <p class="text">${p.text}</p>
      ${url ? h`<a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${url}</a>` : ""}
      ${canLabel ? h`<form method="post" action="/ui/mentions/${p.id}/label" class="inline relabel">${csrfField(user!)}<input type="hidden" name="back" value="${back}">
        <label for="rl-${p.id}" class="sr-only">${t("relabel")} #${p.id}</label>
        <select id="rl-${p.id}" name="label">${RELABEL_CHOICES.map((c) => h`<option value="${c}">${c.replace("=", ": ")}</option>`)}</select>
        <button type="submit">${t("relabel")}</button></form>` : ""}
      ${canCase ? h`<form method="post" action="/ui/cases" class="inline">${csrfField(user!)}<input type="hidden" name="mentionId" value="${p.id}"><button type="submit">${t("openCase")}</button></form>` : ""}
    </li>`;
  })}</ul>`;
}

export interface IncidentView {
  incident: { id: number; title: string; severity: string; status: string; riskScore: number; peakRisk: number; predictedSize: number | null; brandId: string | null; detectedAt: Date; acknowledgedBy: string | null; acknowledgedAt: Date | null;
    events: Array<{ at: Date; kind: string; actor: string | null; message: string }>; cases: Array<{ id: number; title: string; state: string }>; story: { mentionCount: number; authorCount: number; predictedLow: number | null; predictedHigh: number | null } | null };
  topPosts: PostLike[];
  growth: GrowthPoint[];
}

export function incidentPage(t: Translate, user: PageUser, v: IncidentView): Raw {
  const i = v.incident;
  const canAck = user.permissions.has("incident:ack") && i.status === "open";
  const canCase = user.permissions.has("case:work");
  return h`<p><a href="/">← ${t("inbox")}</a></p>
  <h1><span class="tag incident">${t("incident")} #${i.id}</span> ${i.title}</h1>
  <dl class="facts">
    <div><dt>${t("severity")}</dt><dd class="sev-${i.severity}">${i.severity}</dd></div>
    <div><dt>${t("status")}</dt><dd id="incident-status">${i.status}${i.acknowledgedBy ? h` (${t("by")} ${i.acknowledgedBy})` : ""}</dd></div>
    <div><dt>${t("risk")}</dt><dd>${i.riskScore.toFixed(2)} (peak ${i.peakRisk.toFixed(2)})</dd></div>
    <div><dt>${t("predictedSize")}</dt><dd>${i.predictedSize ? Math.round(i.predictedSize) : "—"}${i.story?.predictedLow != null && i.story?.predictedHigh != null ? h` (${Math.round(i.story.predictedLow)}–${Math.round(i.story.predictedHigh)})` : ""}</dd></div>
    <div><dt>${t("brand")}</dt><dd>${i.brandId ?? "—"}</dd></div>
    <div><dt>${t("detected")}</dt><dd>${fmtTime(i.detectedAt)}</dd></div>
  </dl>
  <div class="actions">
    ${canAck ? h`<form method="post" action="/ui/incidents/${i.id}/ack" class="inline">${csrfField(user)}<button type="submit" class="primary" data-key="a" aria-keyshortcuts="a">${t("acknowledge")} <kbd>a</kbd></button></form>` : ""}
    ${canCase ? h`<form method="post" action="/ui/cases" class="inline">${csrfField(user)}<input type="hidden" name="incidentId" value="${i.id}"><button type="submit" data-key="c" aria-keyshortcuts="c">${t("openCase")} <kbd>c</kbd></button></form>` : ""}
  </div>
  ${i.cases.length ? h`<section><h2>${t("linkedCases")}</h2><ul>${i.cases.map((c) => h`<li><a href="/cases/${c.id}">#${c.id} ${c.title}</a> — ${t(`step.${c.state}` as MessageKey)}</li>`)}</ul></section>` : ""}
  <section><h2>${t("growth")}</h2>${growthChart(t, v.growth, i.predictedSize)}</section>
  <section><h2>${t("timeline")}</h2>
    <ol class="timeline">${i.events.map((e) => h`<li class="ev-${e.kind}"><time datetime="${e.at.toISOString()}">${fmtTime(e.at)}</time> <span class="tag">${e.kind}</span> ${e.message}${e.actor ? h` <span class="muted">— ${e.actor}</span>` : ""}</li>`)}</ol>
  </section>
  <section><h2>${t("topPosts")}</h2>${postList(t, v.topPosts, user, `/incidents/${i.id}`)}</section>`;
}

export interface CaseView {
  case: {
    id: number; title: string; state: string; brandId: string; incidentId: number | null; validity: string | null; severity: string | null; category: string | null; servqual: string | null; failureType: string | null;
    scope: string | null; cause: string | null; causeSource: string | null; resolution: string | null; approvedAt: Date | null; outcome: string | null; churned: boolean | null; lessons: string | null;
    ownerId: number | null; owner: { name: string } | null; firstResponseDue: Date | null; firstResponseAt: Date | null; nextResponseDue: Date | null; resolutionDue: Date | null; waitingSince: Date | null; channel: string | null;
    recovery: { mode?: string; remedy?: string; remedyDetails?: string; timing?: string; checklist: { regret: boolean; reform: boolean; restitution: boolean; recovery: boolean }; publicReply?: string; privateFollowUp?: string };
    breaches: Array<{ kind: string; due: string; at: string }>;
  };
  events: Array<{ at: Date; actor: string; kind: string; note: string | null; before?: string | null; after: string | null }>;
  mentions: PostLike[];
  customer: { summary: string; handles: Array<{ platform: string; handle: string }>; complaints: number; displayName: string | null } | null;
  iceberg: { complainers: number; unhappy: number; silent: number; toldLow: number; toldHigh: number; label: string };
}

function stepForm(t: Translate, user: PageUser, c: CaseView["case"], action: string, fields: Raw, button: string, extra: { key?: string; cls?: string } = {}): Raw {
  return h`<form method="post" action="/ui/cases/${c.id}/step" class="step-form">
    ${csrfField(user)}<input type="hidden" name="action" value="${action}">
    ${fields}
    <button type="submit" class="${extra.cls ?? "primary"}"${extra.key ? raw(` data-key="${extra.key}" aria-keyshortcuts="${extra.key}"`) : ""} name="do" value="${action}">${button}${extra.key ? h` <kbd>${extra.key}</kbd>` : ""}</button>
  </form>`;
}

function area(name: string, label: string, value?: string | null, required = true): Raw {
  return h`<label for="f-${name}">${label}</label><textarea id="f-${name}" name="${name}" rows="3"${required ? raw(" required") : ""}>${value ?? ""}</textarea>`;
}

/** "field: before → after" lines of a CaseEvent, collapsed (the audit trail, readable). */
function changeSummary(before: string | null, after: string | null): Raw {
  let b: Record<string, unknown> = {}, a: Record<string, unknown> = {};
  try { b = before ? JSON.parse(before) ?? {} : {}; a = after ? JSON.parse(after) ?? {} : {}; } catch { return h``; }
  const keys = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (!keys.length) return h``;
  const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return h` <details class="change"><summary>${keys.length} change${keys.length === 1 ? "" : "s"}</summary><ul>${keys.map((k) => h`<li><code>${k}</code>: ${k in b ? h`${show(b[k])} → ` : ""}${show(a[k])}</li>`)}</ul></details>`;
}

export function casePage(t: Translate, user: PageUser, v: CaseView, users: Array<{ id: number; name: string; role: string }>, me: number): Raw {
  const c = v.case;
  const state = c.state as CaseState;
  const canWork = user.permissions.has("case:work");
  const canApprove = user.permissions.has("case:approve");
  const avail = new Set(actionsFrom(state));
  const step = STEP_OF[state];
  const forms: Raw[] = [];
  if (canWork && avail.has("judge_validity")) {
    forms.push(h`<div class="row-actions">
      ${stepForm(t, user, c, "judge_validity", h`<input type="hidden" name="validity" value="valid">`, t("judgeValid"), { key: "v" })}
      ${stepForm(t, user, c, "judge_validity", h`<input type="hidden" name="validity" value="not_a_complaint">`, t("notAComplaint"), { key: "n", cls: "" })}
      ${stepForm(t, user, c, "judge_validity", h`<input type="hidden" name="validity" value="malicious">`, t("malicious"), { key: "m", cls: "danger" })}
    </div>`);
  }
  if (canWork && avail.has("determine_scope")) forms.push(stepForm(t, user, c, "determine_scope", area("scope", t("scope"), c.scope), t("submit")));
  if (canWork && avail.has("analyse_cause")) {
    forms.push(stepForm(t, user, c, "analyse_cause", h`${area("cause", t("cause"), c.cause)}${select("causeSource", t("causeSource"), ["service", "company", "customer", "external"], c.causeSource, t)}`, t("submit")));
  }
  if (canWork && avail.has("propose_resolution")) forms.push(stepForm(t, user, c, "propose_resolution", area("resolution", t("resolution"), c.resolution), t("submit")));
  if (avail.has("approve")) {
    if (canApprove) {
      forms.push(h`<div class="row-actions">${stepForm(t, user, c, "approve", h``, t("approve"))}
        ${stepForm(t, user, c, "reject", area("reason", t("reason"), null), t("reject"), { cls: "danger" })}</div>`);
    } else forms.push(h`<p class="note">${t("approvalNeeded")}</p>`);
  }
  if (canWork && avail.has("carry_out")) forms.push(stepForm(t, user, c, "carry_out", h``, t("carryOut")));
  if (canWork && avail.has("review")) {
    forms.push(stepForm(t, user, c, "review", h`${area("outcome", t("outcome"), c.outcome)}
      <fieldset><legend>${t("wonBack")}?</legend>
        <label><input type="radio" name="wonBack" value="true" required> ${t("wonBack")}</label>
        <label><input type="radio" name="wonBack" value="false"> ${t("churned")}</label>
      </fieldset>${area("lessons", t("lessons"), c.lessons, false)}`, t("review")));
  }
  if (canWork && avail.has("reopen")) forms.push(stepForm(t, user, c, "reopen", area("reason", t("reason"), null), t("reopen"), { cls: "" }));

  const r = c.recovery;
  const dis = canWork ? "" : raw(" disabled");
  return h`<p><a href="/">← ${t("inbox")}</a></p>
  <h1><span class="tag case">${t("case")} #${c.id}</span> ${c.title}</h1>
  <nav aria-label="${t("steps")}"><ol class="steps">
    ${(["recorded", "validity_judged", "scope_determined", "cause_analysed", "resolution_proposed", "approved", "carried_out", "reviewed"] as const).map((s, i) =>
      h`<li class="${i + 1 < step ? "done" : i + 1 === step ? "current" : ""}"${i + 1 === step ? raw(' aria-current="step"') : ""}>${i + 1}. ${t(`step.${s}`)}</li>`)}
  </ol></nav>
  <p id="case-state" class="state state-${state}">${t("state")}: <strong>${t(`step.${state}` as MessageKey)}</strong>${c.validity ? h` (${c.validity})` : ""}</p>
  ${canWork ? "" : h`<p class="note" role="status">${t("readOnly")}</p>`}
  <div class="grid">
    <section class="card" aria-labelledby="h-work"><h2 id="h-work">${t("step")} ${step}</h2>
      ${forms.length ? forms : h`<p class="muted">—</p>`}
      <dl class="facts small">
        ${c.scope ? h`<div><dt>${t("scope")}</dt><dd>${c.scope}</dd></div>` : ""}
        ${c.cause ? h`<div><dt>${t("cause")}</dt><dd>${c.cause}${c.causeSource ? h` (${c.causeSource})` : ""}</dd></div>` : ""}
        ${c.resolution ? h`<div><dt>${t("resolution")}</dt><dd>${c.resolution}</dd></div>` : ""}
        ${c.outcome ? h`<div><dt>${t("outcome")}</dt><dd>${c.outcome} — ${c.churned ? t("churned") : t("wonBack")}</dd></div>` : ""}
        ${c.lessons ? h`<div><dt>${t("lessons")}</dt><dd>${c.lessons}</dd></div>` : ""}
      </dl>
    </section>
    <section class="card" aria-labelledby="h-sla"><h2 id="h-sla">${t("sla")}</h2>
      ${c.waitingSince ? h`<p class="note">${t("paused")}</p>` : ""}
      <dl class="facts small">
        <div><dt>${t("firstResponse")}</dt><dd>${c.firstResponseAt ? h`✓ ${fmtTime(c.firstResponseAt)}` : fmtTime(c.firstResponseDue)}</dd></div>
        <div><dt>${t("nextResponse")}</dt><dd>${fmtTime(c.nextResponseDue)}</dd></div>
        <div><dt>${t("resolutionDue")}</dt><dd>${fmtTime(c.resolutionDue)}</dd></div>
      </dl>
      ${c.breaches.length ? h`<h3>${t("breaches")}</h3><ul class="breaches">${c.breaches.map((b) => h`<li class="bad">${b.kind} — due ${fmtTime(b.due)}</li>`)}</ul>` : ""}
      ${canWork ? h`<form method="post" action="/ui/cases/${c.id}/waiting" class="inline">${csrfField(user)}<input type="hidden" name="waiting" value="${c.waitingSince ? "false" : "true"}"><button type="submit">${c.waitingSince ? t("customerReplied") : t("waitOnCustomer")}</button></form>` : ""}
      <h3>${t("assign")}</h3>
      <p>${t("owner")}: <strong id="case-owner">${c.owner?.name ?? t("unassigned")}</strong></p>
      ${canWork ? h`<form method="post" action="/ui/cases/${c.id}/assign" class="inline">${csrfField(user)}
          <label for="f-owner" class="sr-only">${t("owner")}</label>
          <select id="f-owner" name="ownerId"><option value="">${t("unassigned")}</option>${users.filter((u) => u.role !== "executive").map((u) => h`<option value="${u.id}"${u.id === c.ownerId ? raw(" selected") : ""}>${u.name} (${u.role})</option>`)}</select>
          <button type="submit">${t("assign")}</button></form>
        <form method="post" action="/ui/cases/${c.id}/assign" class="inline">${csrfField(user)}<input type="hidden" name="ownerId" value="${me}"><button type="submit" data-key="i" aria-keyshortcuts="i">${t("assignToMe")} <kbd>i</kbd></button></form>` : ""}
    </section>
    <section class="card" aria-labelledby="h-tax"><h2 id="h-tax">${t("taxonomy")}</h2>
      <form method="post" action="/ui/cases/${c.id}/taxonomy" id="taxonomy-form">${csrfField(user)}
        ${select("severity", t("severity"), TAXONOMY_FIELDS.severity, c.severity, t, { id: "tx-severity" })}
        ${select("category", t("category"), ["", ...TAXONOMY_FIELDS.category], c.category, t, { id: "tx-category" })}
        ${select("servqual", t("servqual"), ["", ...TAXONOMY_FIELDS.servqual], c.servqual, t, { id: "tx-servqual" })}
        ${select("failureType", t("failureType"), ["", ...TAXONOMY_FIELDS.failureType], c.failureType, t, { id: "tx-failureType" })}
        ${canWork ? h`<button type="submit" data-focus-key="l">${t("submit")}</button>` : ""}
      </form>
    </section>
    <section class="card" aria-labelledby="h-rec"><h2 id="h-rec">${t("recovery")}</h2>
      <form method="post" action="/ui/cases/${c.id}/recovery">${csrfField(user)}
        <fieldset${dis}><legend>${t("mode")}</legend>
          <label><input type="radio" name="mode" value="proactive"${r.mode === "proactive" ? raw(" checked") : ""}> ${t("proactive")}</label>
          <label><input type="radio" name="mode" value="reactive"${r.mode === "reactive" ? raw(" checked") : ""}> ${t("reactive")}</label>
        </fieldset>
        <fieldset${dis}><legend>${t("remedy")}</legend>
          ${(["symbolic", "equivalent", "above_value"] as const).map((m) => h`<label><input type="radio" name="remedy" value="${m}"${r.remedy === m ? raw(" checked") : ""}> ${t(m)}</label>`)}
        </fieldset>
        <label for="f-remedyDetails">${t("remedyDetails")}</label><textarea id="f-remedyDetails" name="remedyDetails" rows="2"${dis}>${r.remedyDetails ?? ""}</textarea>
        <fieldset${dis}><legend>${t("checklist")}</legend>
          ${(["regret", "reform", "restitution", "recovery"] as const).map((k) => h`<label><input type="checkbox" name="${k}" value="on"${r.checklist[k] ? raw(" checked") : ""}> ${t(k === "recovery" ? "recoveryDone" : k)}</label>`)}
        </fieldset>
        <label for="f-publicReply">${t("publicReply")}</label><textarea id="f-publicReply" name="publicReply" rows="2"${dis}>${r.publicReply ?? ""}</textarea>
        <label for="f-privateFollowUp">${t("privateFollowUp")}</label><textarea id="f-privateFollowUp" name="privateFollowUp" rows="2"${dis}>${r.privateFollowUp ?? ""}</textarea>
        ${canWork ? h`<button type="submit">${t("submit")}</button>` : ""}
      </form>
      ${canWork ? h`<h3>${t("respond")}</h3><form method="post" action="/ui/cases/${c.id}/respond">${csrfField(user)}
        <label for="f-reply">${t("respond")}</label><textarea id="f-reply" name="text" rows="2" required></textarea>
        <label for="f-reply-channel">${t("type")}</label><select id="f-reply-channel" name="channel"><option value="public">${t("replyPublic")}</option><option value="private">${t("replyPrivate")}</option></select>
        <button type="submit">${t("respond")}</button></form>` : ""}
    </section>
    <section class="card" aria-labelledby="h-cust"><h2 id="h-cust">${t("customer")}</h2>
      ${v.customer ? h`<p><strong>${v.customer.displayName ?? "—"}</strong>: <span id="customer-history">${v.customer.summary}</span></p>
        <p class="small">${t("handles")}: ${v.customer.handles.map((x, i) => h`${i ? ", " : ""}${x.platform}:@${x.handle}`)}</p>` : h`<p class="muted">—</p>`}
      <h3>${t("iceberg")} <span class="tag estimate">${t("rule")}</span></h3>
      <p id="iceberg">${v.iceberg.complainers} ${t("icebergText", { unhappy: v.iceberg.unhappy, silent: v.iceberg.silent, low: v.iceberg.toldLow, high: v.iceberg.toldHigh })}</p>
      <p class="small muted">${v.iceberg.label}</p>
      ${c.incidentId ? h`<p>${t("openedFrom")}: <a href="/incidents/${c.incidentId}">${t("incident")} #${c.incidentId}</a></p>` : ""}
    </section>
  </div>
  <section><h2>${t("evidence")}</h2>${postList(t, v.mentions, user, `/cases/${c.id}`)}</section>
  <section><h2>${t("events")}</h2>
    <ol class="timeline" id="case-events">${v.events.map((e) => h`<li><time datetime="${e.at.toISOString()}">${fmtTime(e.at)}</time> <span class="tag">${e.kind}</span> ${e.actor}${e.note ? h`: ${e.note}` : ""}${changeSummary(e.before ?? null, e.after)}</li>`)}</ol>
  </section>`;
}

export function casesListPage(t: Translate, rows: Array<{ id: number; title: string; state: string; severity: string | null; category: string | null; brandId: string; createdAt: Date }>, page: number, pages: number, qs: string): Raw {
  return h`<h1>${t("cases")}</h1>
  <table class="inbox"><thead><tr><th scope="col">#</th><th scope="col">${t("title")}</th><th scope="col">${t("brand")}</th><th scope="col">${t("severity")}</th><th scope="col">${t("state")}</th></tr></thead>
  <tbody>${rows.map((c) => h`<tr class="row" data-href="/cases/${c.id}" tabindex="0"><td>${c.id}</td><td><a href="/cases/${c.id}">${c.title}</a></td><td>${c.brandId}</td><td>${c.severity ?? "—"}${c.category ? h` · ${c.category}` : ""}</td><td>${t(`step.${c.state}` as MessageKey)}</td></tr>`)}</tbody></table>
  <nav aria-label="pages" class="pager">${page > 1 ? h`<a href="/cases?page=${page - 1}${qs}">‹</a>` : ""} ${page} / ${pages} ${page < pages ? h`<a href="/cases?page=${page + 1}${qs}">›</a>` : ""}</nav>`;
}

export function errorPage(t: Translate, message: string, back: string): Raw {
  return h`<h1>${t("error")}</h1><p class="error" role="alert">${message}</p><p><a href="${back}">${t("back")}</a></p>`;
}
