// Adapter from the pure EarlyWarningEngine to the pipeline's Detector contract
// (analysis/detectors.ts): same event-time semantics, so `earshot replay` and live
// ingestion produce the same incidents. Enabled by detectorsFromConfig when the
// config has an alert rule of kind "incident".
import type { Detector, DetectorSignal, SignalSeverity } from "../detectors.ts";
import type { StoredMention } from "../types.ts";
import { EarlyWarningEngine, type EarlyWarningOptions, type EarlyWarningSignal, type EngagementCounts } from "./engine.ts";

export interface EarlyWarningDetectorOptions extends EarlyWarningOptions {
  /** Brands with their configured riskThreshold (0-1); it becomes the engine's 0-100 threshold. */
  brands?: Array<{ id: string; name: string; riskThreshold?: number }>;
  /** Risk (0-100) from which a signal is "critical". @default 75 */
  criticalRisk?: number;
}

const KIND_LABEL: Record<string, string> = {
  story: "Story",
  volume_total: "Mention volume spike",
  volume_negative: "Negative mentions spike",
  volume_complaints: "Complaints spike",
  negative_share: "Negative share jump",
};

export class EarlyWarningDetector implements Detector {
  readonly id = "early-warning";
  readonly engine: EarlyWarningEngine;
  readonly #names: Map<string, string>;
  readonly #critical: number;
  /** First few mentions of each signalled story, for alert bodies (bounded). */
  readonly #examples = new Map<string, StoredMention[]>();

  constructor(opts: EarlyWarningDetectorOptions = {}) {
    const brandThresholds = { ...opts.brandThresholds };
    for (const b of opts.brands ?? []) if (b.riskThreshold !== undefined && brandThresholds[b.id] === undefined) brandThresholds[b.id] = b.riskThreshold * 100;
    this.engine = new EarlyWarningEngine({ ...opts, brandThresholds });
    this.#names = new Map((opts.brands ?? []).map((b) => [b.id, b.name]));
    this.#critical = opts.criticalRisk ?? 75;
  }

  onMention(m: StoredMention): DetectorSignal[] {
    const r = this.engine.ingest(m);
    let ex = this.#examples.get(r.storyKey);
    if (!ex) {
      if (this.#examples.size >= 20_000) this.#examples.delete(this.#examples.keys().next().value!);
      ex = [];
      this.#examples.set(r.storyKey, ex);
    }
    if (ex.length < 3) ex.push(m);
    return r.signals.map((s) => this.#toSignal(s));
  }

  /** Engagement snapshot (the refresher's MentionSnapshot rows) for a stored mention. */
  onSnapshot(mentionId: number, at: Date, counts: EngagementCounts): DetectorSignal[] {
    return this.engine.onSnapshot(mentionId, at, counts).map((s) => this.#toSignal(s));
  }

  /** Time passes without mentions: resolves quiet stories, closes volume bins. */
  tick(now: Date): DetectorSignal[] {
    return this.engine.advance(now).map((s) => this.#toSignal(s));
  }

  #toSignal(s: EarlyWarningSignal): DetectorSignal {
    const brand = this.#names.get(s.brandId) ?? s.brandId;
    const severity: SignalSeverity = s.risk >= this.#critical ? "critical" : s.type === "resolve" ? "info" : "warning";
    const story = s.storyKey ? this.engine.story(s.storyKey) : null;
    const label = KIND_LABEL[s.kind] ?? s.kind;
    const title = s.kind === "story" ? `${brand}: ${s.title.slice(0, 100)}` : `${brand}: ${label}`;
    const size = s.kind === "story" ? ` - ${story?.mentionCount ?? "?"} mentions so far, predicted ${s.predictedSize}${s.predictedLow !== undefined ? ` (${s.predictedLow}-${s.predictedHigh})` : ""}` : "";
    // a detection that joined the brand's open episode is a timeline entry of that incident
    const attached = s.detection?.attached === true && s.detection.type === "open";
    return {
      type: s.type === "escalate" ? "update" : s.type,
      key: s.key,
      kind: s.kind,
      brandId: s.brandId,
      title,
      summary: `${attached ? "Also detected: " : ""}${label}, risk ${s.risk.toFixed(0)}/100${size}. ${s.reasons.slice(0, 2).join("; ")}`,
      severity,
      risk: Math.min(1, s.risk / 100),
      reasons: s.reasons,
      at: s.detectedAt,
      firstPostAt: s.firstPostAt,
      predictedSize: s.predictedSize,
      examples: s.storyKey ? this.#examples.get(s.storyKey) ?? [] : [],
      data: {
        engine: "early-warning@2",
        ...(attached ? { timeline: "detection" } : {}),
        detection: s.detection ?? null,
        storyKey: s.storyKey ?? null,
        components: s.components ?? [],
        predictedLow: s.predictedLow ?? null,
        predictedHigh: s.predictedHigh ?? null,
        story,
      },
    };
  }
}
