// Every channel renders every event kind; payloads are pinned by snapshots, pure,
// JSON-serialisable and free of secrets. Hostile post texts cannot inject markup.
import { describe, expect, it } from "vitest";
import { notifiers } from "../../alerts/notifiers/registry.ts";
import { EVENT_KINDS, eventFor, hostileEvent } from "./fixtures.ts";
import { rawParamsFor, secretValuesOf } from "./channel-params.ts";
import { renderSlack } from "../../alerts/notifiers/slack/slack.render.ts";
import { renderTeams } from "../../alerts/notifiers/teams/teams.render.ts";
import { renderEmail } from "../../alerts/notifiers/email/email.render.ts";
import { renderFeishu } from "../../alerts/notifiers/feishu/feishu.render.ts";
import { renderDingTalk } from "../../alerts/notifiers/dingtalk/dingtalk.render.ts";
import { renderWeCom } from "../../alerts/notifiers/wecom/wecom.render.ts";
import { renderPagerDuty } from "../../alerts/notifiers/pagerduty/pagerduty.render.ts";

const BASE = "http://127.0.0.1:9";

describe.each(notifiers.map((n) => [n.id, n] as const))("%s renderer", (id, n) => {
  const params = n.params.parse(rawParamsFor(id, BASE));
  it.each(EVENT_KINDS)("renders %s to a stable, JSON-serialisable, secret-free payload", async (kind) => {
    const out = n.render(eventFor(kind), params);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(n.render(eventFor(kind), params)).toEqual(out);
    const text = JSON.stringify(out);
    for (const s of secretValuesOf(n.secrets, params)) expect(text).not.toContain(s);
    await expect(JSON.stringify(out, null, 2)).toMatchFileSnapshot(`./__snapshots__/${id}/${kind}.json`);
  });
});

/** All strings in a payload, for markup checks. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => strings(x, out));
  return out;
}

const OUR_LINK = /^https:\/\/earshot\.example\//;

describe("hostile post texts", () => {
  it.each(EVENT_KINDS)("slack (%s): no broadcast mentions, no injected links, & < > escaped", (kind) => {
    const p = renderSlack(hostileEvent(kind));
    for (const s of strings(p)) {
      expect(s).not.toMatch(/<!(channel|here|everyone)/);
      expect(s).not.toMatch(/(^|[^\u200b])@(channel|here|everyone)\b/);
      expect(s).not.toMatch(/https?:\/\/evil|www\.evil/);
      expect(s).not.toContain("<script");
      // The only <...> left are links Earshot built itself.
      for (const m of s.match(/<[^>]*>/g) ?? []) expect(m).toMatch(/^<https:\/\/earshot\.example\/[^|<>]*\|/);
    }
    expect(JSON.stringify(p)).toContain("&lt;script&gt;");
    const buttons = strings((p.blocks.find((b) => b.type === "actions") ?? {}) as object).filter((s) => s.startsWith("http"));
    for (const b of buttons) expect(b).toMatch(OUR_LINK);
  });

  it.each(EVENT_KINDS)("email (%s): HTML-escaped, no script/img/javascript links, one-line subject", (kind) => {
    const p = renderEmail(hostileEvent(kind), { subjectPrefix: "[Earshot]" });
    expect(p.html).not.toMatch(/<script|<img|<b>Air|<a href="javascript|href="http:\/\/evil/i);
    expect(p.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    for (const href of p.html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="https:\/\/earshot\.example\//);
    expect(p.subject).not.toMatch(/[\r\n]/);
    expect(p.text).not.toContain("javascript:alert(1) ");
  });

  it.each(EVENT_KINDS)("teams (%s): no markdown links or raw HTML", (kind) => {
    const p = renderTeams(hostileEvent(kind));
    const card = p.attachments[0].content;
    for (const s of strings(card.body)) {
      expect(s).not.toMatch(/\]\(|<script|<img|<at|https?:\/\/evil/);
      expect(s).not.toMatch(/(^|[^\uff20])@(channel|here|all)\b/);
    }
    for (const s of strings(card.actions ?? [])) if (s.startsWith("http")) expect(s).toMatch(OUR_LINK);
    // Text may mention "javascript:", but no URL field carries it.
    expect(JSON.stringify(card)).not.toMatch(/"url":"javascript:/);
    expect(JSON.stringify(card)).toContain("&lt;script&gt;");
  });

  const chat = {
    feishu: (k: Parameters<typeof eventFor>[0]) => renderFeishu(hostileEvent(k)),
    dingtalk: (k: Parameters<typeof eventFor>[0]) => renderDingTalk(hostileEvent(k), { atMobiles: ["13800000000"] }),
    wecom: (k: Parameters<typeof eventFor>[0]) => renderWeCom(hostileEvent(k), { mentionUserIds: ["zhangsan"] }),
  };
  for (const [name, render] of Object.entries(chat)) {
    it.each(EVENT_KINDS)(`${name} (%s): no @all, no <at>, no injected links or tags`, (kind) => {
      const p = render(kind);
      const all = strings(p).join("\n");
      expect(all).not.toMatch(/@all|@所有人|<at |<@all>|<font color="red"|<script|\]\(http:\/\/evil|https?:\/\/evil|www\.evil|\(javascript:/);
      // Every markdown link target is one Earshot built.
      for (const m of all.match(/\]\(([^)]*)\)/g) ?? []) expect(m.slice(2)).toMatch(OUR_LINK);
      // Injected line starts (#, >, -) were collapsed onto one line.
      expect(all).not.toMatch(/\n### big/);
    });
  }

  it("dingtalk never sets isAtAll and mentions only configured people", () => {
    const p = renderDingTalk(hostileEvent("incident_opened"), { atMobiles: ["13800000000"], atUserIds: ["u1"] });
    expect(p.at).toEqual({ atMobiles: ["13800000000"], atUserIds: ["u1"], isAtAll: false });
    expect(p.markdown.text).toMatch(/@13800000000 @u1$/);
  });

  it("pagerduty summary is one line and drops javascript: links", () => {
    const p = renderPagerDuty(hostileEvent("incident_opened"));
    expect(p.payload!.summary).not.toMatch(/[\r\n]/);
    for (const l of p.links ?? []) expect(l.href).toMatch(OUR_LINK);
    expect(p.client_url).toMatch(OUR_LINK);
  });
});

describe("pagerduty actions", () => {
  it("maps kinds to trigger / acknowledge / resolve with one dedup key per incident", () => {
    const opened = renderPagerDuty(eventFor("incident_opened"));
    const resolved = renderPagerDuty(eventFor("resolved"));
    const acked = renderPagerDuty(eventFor("incident_opened", { incident: { ...eventFor("incident_opened").incident!, status: "acknowledged" } }));
    expect([opened.event_action, acked.event_action, resolved.event_action]).toEqual(["trigger", "acknowledge", "resolve"]);
    expect(new Set([opened.dedup_key, acked.dedup_key, resolved.dedup_key])).toEqual(new Set(["earshot:incident:42"]));
    expect(resolved.payload).toBeUndefined();
    expect(renderPagerDuty(eventFor("source_silent")).dedup_key).toBe("earshot:source:reddit-brand");
  });
});
