// Pages that only show their posts after JavaScript runs (forums, review sites,
// comment widgets): Playwright drives Chromium, CSS selectors pick items and their
// fields, optional scrolling / "load more" clicks reveal more. One browser is shared
// by every web-page source (ctx.shared); each run gets its own context, closed
// afterwards, and every step has a hard timeout so a stuck page cannot stall the
// scheduler.
import fs from "node:fs";
import crypto from "node:crypto";
import net from "node:net";
import { lookup } from "node:dns/promises";
import { z } from "zod";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { defineCollector, type CollectorContext } from "../types.ts";
import { ConfigError, ParseError, PermanentError, RetryableError } from "../../core/errors.ts";
import { USER_AGENT, isPrivateAddress, parseRetryAfter } from "../../core/http.ts";
import type { RawPost } from "../../analysis/types.ts";

const SEEN_LIMIT = 5000;

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

const params = z.object({
  /** Page to read. */
  url: z.string().url(),
  /** CSS selector of one post. */
  itemSelector: z.string().min(1),
  /** Selector (inside the item) of the text. Default: the item's own text. */
  textSelector: z.string().min(1).optional(),
  /** Selector of the author handle. */
  authorSelector: z.string().min(1).optional(),
  /** Selector of the time; its datetime/title attribute or text is parsed. Default: none (time of reading). */
  timeSelector: z.string().min(1).optional(),
  /** Selector of the permalink (<a href>). */
  linkSelector: z.string().min(1).optional(),
  /** Attribute of the item holding a stable id (e.g. data-id). Default: permalink, else a hash of the text. */
  idAttribute: z.string().min(1).optional(),
  /** Selectors of counts ("1.2k" understood). */
  likesSelector: z.string().min(1).optional(),
  repliesSelector: z.string().min(1).optional(),
  repostsSelector: z.string().min(1).optional(),
  /** Scroll to the bottom this many times, waiting for new items each time. Default 0. */
  scrolls: z.number().int().min(0).max(100).default(0),
  /** "Load more" button selector, clicked up to loadMoreClicks times. */
  loadMoreSelector: z.string().min(1).optional(),
  loadMoreClicks: z.number().int().min(0).max(100).default(3),
  /** How long to wait for new items after a scroll or click, ms. Default 3000. */
  settleMs: z.number().int().min(50).max(60_000).default(3000),
  /** Navigation timeout, ms. Default 30000. */
  navigationTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  /** Hard limit for the whole page visit, ms. Default 90000. */
  totalTimeoutMs: z.number().int().min(500).max(600_000).default(90_000),
  /** Most items read per run. Default 500. */
  maxItems: z.number().int().min(1).max(10_000).default(500),
  /** Accept a page where the item selector matches nothing (otherwise: ParseError, the layout changed). Default false. */
  allowEmpty: z.boolean().default(false),
  /** Chromium executable. Default: $EARSHOT_CHROMIUM_PATH, else /usr/bin/chromium when present, else Playwright's own browser. */
  executablePath: z.string().min(1).optional(),
}).strict();

type Params = z.infer<typeof params>;

export function resolveChromiumPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  if (env.EARSHOT_CHROMIUM_PATH) return env.EARSHOT_CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined; // Playwright's own (npx playwright install chromium)
}

/** The one browser for this process, created on first use and closed by the runner's shared-resource disposal. */
export async function sharedBrowser(ctx: Pick<CollectorContext<unknown>, "shared">, executablePath?: string): Promise<Browser> {
  const path = resolveChromiumPath(executablePath);
  return ctx.shared.get<Browser>(`chromium:${path ?? "playwright"}`, async () => {
    const { chromium } = await import("playwright-core");
    try {
      return await chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    } catch (err) {
      throw new ConfigError(
        `cannot start Chromium${path ? ` at ${path}` : ""}: install it (Debian: apt-get install chromium) or set EARSHOT_CHROMIUM_PATH / params.executablePath`,
        [], { cause: err },
      );
    }
  }, async (b) => { await b.close().catch(() => {}); });
}

async function guardUrl(url: URL, allowPrivate: boolean): Promise<void> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new PermanentError(`refusing ${url.href}: only http and https pages are read`);
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addrs: string[];
  if (net.isIP(host)) addrs = [host];
  else {
    try { addrs = (await lookup(host, { all: true })).map((a) => a.address); } catch (err) {
      throw new RetryableError(`cannot resolve ${url.host}`, {}, { cause: err });
    }
  }
  const bad = addrs.find(isPrivateAddress);
  if (bad) throw new PermanentError(`refusing ${url.host}: it resolves to the private or loopback address ${bad}; set allowPrivateNetwork: true on this source if that is intended`);
}

export function parseCount(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const m = /([\d.,]+)\s*([kKmM万]?)/.exec(text.replace(/\s+/g, " "));
  if (!m) return undefined;
  let n = Number(m[1].replace(/,/g, ""));
  if (!Number.isFinite(n)) return undefined;
  n *= m[2] === "k" || m[2] === "K" ? 1e3 : m[2] === "m" || m[2] === "M" ? 1e6 : m[2] === "万" ? 1e4 : 1;
  return Math.round(n);
}

interface Extracted { id: string | null; text: string; author: string | null; time: string | null; link: string | null; likes: string | null; replies: string | null; reposts: string | null }

// Runs inside the page. Kept as source text, not a function: the CLI runs TypeScript
// through tsx/esbuild, which wraps named functions in a __name() helper that does not
// exist in the browser, so a serialised function would fail there.
const EXTRACT_SOURCE = `(s) => {
  const pickText = (el, sel) => {
    const t = sel ? el.querySelector(sel) : el;
    if (!t) return null;
    const v = (t.innerText ?? t.textContent ?? "").trim();
    return v;
  };
  return Array.from(document.querySelectorAll(s.itemSelector)).slice(0, s.maxItems).map((el) => {
    const timeEl = s.timeSelector ? el.querySelector(s.timeSelector) : null;
    const linkEl = s.linkSelector ? el.querySelector(s.linkSelector) : null;
    return {
      id: s.idAttribute ? el.getAttribute(s.idAttribute) : null,
      text: pickText(el, s.textSelector) ?? "",
      author: s.authorSelector ? pickText(el, s.authorSelector) : null,
      time: timeEl ? (timeEl.getAttribute("datetime") ?? timeEl.getAttribute("title") ?? timeEl.textContent) : null,
      link: linkEl ? (linkEl.href || linkEl.getAttribute("href")) : null,
      likes: s.likesSelector ? pickText(el, s.likesSelector) : null,
      replies: s.repliesSelector ? pickText(el, s.repliesSelector) : null,
      reposts: s.repostsSelector ? pickText(el, s.repostsSelector) : null,
    };
  });
}`;

async function extract(page: Page, p: Params): Promise<Extracted[]> {
  return page.evaluate(`(${EXTRACT_SOURCE})(${JSON.stringify(p)})`) as Promise<Extracted[]>;
}

async function visit(ctx: CollectorContext<Params>, browser: Browser, holder: { context?: BrowserContext }): Promise<Extracted[]> {
  const p = ctx.params;
  const allowPrivate = ctx.http.options.allowPrivateNetwork;
  const context = await browser.newContext({ userAgent: USER_AGENT, serviceWorkers: "block" });
  holder.context = context;
  try {
    // Sub-requests to private literal addresses are refused too (a public page must not make us probe the LAN).
    await context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      const host = u.hostname.replace(/^\[|\]$/g, "");
      if (!allowPrivate && (host === "localhost" || (net.isIP(host) && isPrivateAddress(host)))) return route.abort("blockedbyclient");
      if (u.protocol !== "http:" && u.protocol !== "https:" && u.protocol !== "data:" && u.protocol !== "blob:") return route.abort("blockedbyclient");
      return route.continue();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(p.navigationTimeoutMs);
    let res;
    try {
      res = await page.goto(p.url, { waitUntil: "domcontentloaded", timeout: p.navigationTimeoutMs });
    } catch (err) {
      const msg = (err as Error).message.split("\n")[0];
      if (/timeout/i.test(msg)) throw new RetryableError(`web-page ${p.url}: navigation timed out after ${p.navigationTimeoutMs} ms`, {}, { cause: err });
      throw new RetryableError(`web-page ${p.url}: navigation failed: ${msg}`, {}, { cause: err });
    }
    const status = res?.status() ?? 200;
    if (status >= 400) {
      const msg = `web-page ${p.url}: HTTP ${status}`;
      if (status === 429 || status === 408 || status >= 500) {
        throw new RetryableError(msg, { status, retryAfterMs: parseRetryAfter((await res!.allHeaders())["retry-after"] ?? null) ?? undefined });
      }
      throw new PermanentError(msg, { status });
    }
    try {
      await page.waitForSelector(p.itemSelector, { timeout: Math.min(p.navigationTimeoutMs, p.settleMs * 3), state: "attached" });
    } catch {
      if (p.allowEmpty) return [];
      throw new ParseError(`web-page ${p.url}: item selector ${JSON.stringify(p.itemSelector)} matched nothing (the page layout may have changed)`);
    }
    const countItems = () => page.locator(p.itemSelector).count();
    const waitForMore = async (before: number) => {
      // Poll instead of a fixed sleep: infinite-scroll pages add items at their own pace.
      const until = Date.now() + p.settleMs;
      while (Date.now() < until) {
        if ((await countItems()) > before) return true;
        await page.waitForTimeout(50);
      }
      return false;
    };
    for (let i = 0; i < p.scrolls; i++) {
      const before = await countItems();
      if (before >= p.maxItems) break;
      await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)");
      if (!(await waitForMore(before))) break;
    }
    if (p.loadMoreSelector) {
      for (let i = 0; i < p.loadMoreClicks; i++) {
        const btn = page.locator(p.loadMoreSelector).first();
        if (!(await btn.isVisible().catch(() => false))) break;
        const before = await countItems();
        await btn.click({ timeout: p.settleMs });
        if (!(await waitForMore(before))) break;
      }
    }
    return await extract(page, p);
  } finally {
    await context.close().catch(() => {});
  }
}

export function toPosts(items: Extracted[], pageUrl: string, now: Date): RawPost[] {
  const out: RawPost[] = [];
  for (const it of items) {
    const text = it.text.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const t = it.time ? new Date(it.time.trim()) : null;
    const link = it.link ? new URL(it.link, pageUrl).toString() : null;
    const likes = parseCount(it.likes), replies = parseCount(it.replies), reposts = parseCount(it.reposts);
    const eng = Object.fromEntries(Object.entries({ likes, replies, reposts }).filter(([, v]) => v !== undefined));
    out.push({
      externalId: it.id || link || "sha1:" + crypto.createHash("sha1").update(`${pageUrl}\n${text}`).digest("hex").slice(0, 20),
      text,
      url: link ?? pageUrl,
      publishedAt: t && !Number.isNaN(t.getTime()) ? t : now,
      author: it.author ? { handle: it.author.trim() } : null,
      engagement: Object.keys(eng).length ? eng : null,
    });
  }
  return out;
}

export const webPageCollector = defineCollector({
  id: "web-page",
  title: "Web page (headless Chromium)",
  description: "Pages that need JavaScript: CSS selectors for item, text, author, time, link; scrolling and load-more; one shared browser.",
  platform: "web",
  params,
  defaultSchedule: "*/30 * * * *",
  perMinute: 10,
  async collect(ctx) {
    const p = ctx.params;
    await guardUrl(new URL(p.url), ctx.http.options.allowPrivateNetwork);
    const browser = await sharedBrowser(ctx, p.executablePath);
    let timer: NodeJS.Timeout | undefined;
    const hardStop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RetryableError(`web-page ${p.url}: gave up after ${p.totalTimeoutMs} ms (totalTimeoutMs)`)), p.totalTimeoutMs);
    });
    const holder: { context?: BrowserContext } = {};
    let items: Extracted[];
    try {
      items = await Promise.race([visit(ctx, browser, holder), hardStop]);
    } finally {
      clearTimeout(timer);
      // Closing the context also ends a visit still running after the hard stop.
      await holder.context?.close().catch(() => {});
    }
    // Pages rarely carry reliable times, so position is the set of ids already read.
    const seen = new Set(((ctx.cursor as { seen?: string[] } | null)?.seen ?? []).filter((x) => typeof x === "string"));
    const fresh = toPosts(items, p.url, ctx.now()).filter((x) => !seen.has(x.externalId) && (seen.add(x.externalId), true));
    return { posts: fresh, cursor: { seen: [...seen].slice(-SEEN_LIMIT) } };
  },
});
