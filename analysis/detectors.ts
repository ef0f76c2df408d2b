// Detector contract: incremental, pure (no I/O), driven by event time so a replay of
// history behaves exactly like live ingestion. Signals are turned into incidents and
// alerts by alerts/incidents.ts.
import type { StoredMention } from "./types.ts";

export type SignalSeverity = "info" | "warning" | "critical";

export interface DetectorSignal {
  type: "open" | "update" | "resolve";
  /** Stable identity of the condition, e.g. "volume_spike:acme-air". One open incident per key. */
  key: string;
  /** Incident kind: volume_spike | story | ... (matched by alert rules). */
  kind: string;
  brandId: string;
  title: string;
  summary: string;
  severity: SignalSeverity;
  /** 0..1 */
  risk: number;
  /** Human-readable reasons (the explainable part of the score). */
  reasons: string[];
  /** Event time at which the condition was detected. */
  at: Date;
  firstPostAt?: Date | null;
  storyId?: number | null;
  predictedSize?: number | null;
  /** A few example mentions for the alert body. */
  examples?: StoredMention[];
  data?: Record<string, unknown>;
}

export interface Detector {
  readonly id: string;
  onMention(m: StoredMention): DetectorSignal[] | void;
}
