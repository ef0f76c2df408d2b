// The collector plug-in contract. Each collector lives in collectors/<id>/<id>.collector.ts
// and exports one descriptor made with defineCollector(); collectors/registry.ts lists
// them all (a test fails when a folder is not registered or two share an id).
import type { z } from "zod";
import type { Logger } from "pino";
import type { HttpClient } from "../core/http.ts";
import type { RawPost } from "../analysis/types.ts";

export interface BrandMatchConfig {
  id: string;
  name: string;
  keywords: string[];
  aliases: string[];
  exclusions: string[];
  languages: string[];
  competitors: string[];
}

export interface CollectorContext<P> {
  source: { id: string; type: string; params: P };
  /** Same as source.params (validated by the collector's zod schema, secrets resolved). */
  params: P;
  /** Brands this source serves; collectors that build queries (news search, reddit search) read keywords here. */
  brands: BrandMatchConfig[];
  /** Shared HTTP client already bound to this source's rate limit and network policy. */
  http: HttpClient;
  /** What this collector returned as `cursor` last time it succeeded (null on first run). */
  cursor: unknown;
  log: Logger;
  signal: AbortSignal;
  now(): Date;
  /** Shared resources (e.g. the one headless browser) keyed by name, created lazily by the runner. */
  shared: SharedResources;
}

export interface SharedResources {
  get<T>(key: string, create: () => Promise<T>, dispose?: (value: T) => Promise<void>): Promise<T>;
}

export interface CollectResult {
  posts: RawPost[];
  /** Persisted after the posts are stored; passed back as ctx.cursor next run. Must be JSON-serialisable. */
  cursor: unknown;
  /** Optional notes shown in `earshot sources` (e.g. "first page only: not authenticated"). */
  notes?: string[];
}

export interface CollectorDescriptor<S extends z.ZodType = z.ZodType> {
  /** Lower-case kebab-case, stored in configs and databases: never rename. */
  id: string;
  title: string;
  description: string;
  /** Platform recorded on mentions ("web", "reddit", ...). */
  platform: string;
  /** zod schema of `params` in the source config. */
  params: S;
  /** Names of params that hold secrets (must be ${ENV} references; redacted everywhere). */
  secrets?: string[];
  /** Cron expression used when the source config gives none. */
  defaultSchedule: string;
  /** What post text is: "html" (default: markup is stripped) or "text" (as typed; only entities decoded). */
  textFormat?: "html" | "text";
  /** Rate limit for this collector's hosts, requests per minute. */
  perMinute?: number;
  collect(ctx: CollectorContext<z.infer<S>>): Promise<CollectResult>;
  /**
   * Optional: re-fetches current engagement counts for posts this source delivered
   * (collectors/engagement/refresher.ts stores each answer as a MentionSnapshot).
   * Ids the platform no longer knows are simply absent from the result.
   */
  refresh?(ctx: CollectorContext<z.infer<S>>, externalIds: string[]): Promise<Map<string, EngagementCounts>>;
}

/** Engagement observed at one moment (a MentionSnapshot row). */
export type EngagementCounts = NonNullable<RawPost["engagement"]>;

export function defineCollector<S extends z.ZodType>(d: CollectorDescriptor<S>): CollectorDescriptor<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(d.id)) throw new Error(`collector id must be lower-case kebab-case, received ${JSON.stringify(d.id)}`);
  return d;
}
