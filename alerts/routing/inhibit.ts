// Inhibition with Alertmanager's semantics: a firing alert matching a rule's
// source_match mutes alerts matching its target_match when the `equal` labels agree.
// An alert never inhibits itself. Default rule: an incident alert mutes the
// per-story alerts of the same brand and story (see DEFAULT_INHIBIT_RULES).
import { labelsMatch, type InhibitRule } from "./config.ts";

export interface Inhibition {
  rule: InhibitRule;
  by: string;
}

export function findInhibition(
  target: { fingerprint: string; labels: Record<string, string> },
  firing: Iterable<{ fingerprint: string; labels: Record<string, string> }>,
  rules: InhibitRule[],
): Inhibition | null {
  for (const rule of rules) {
    if (!labelsMatch(target.labels, rule.target_match)) continue;
    for (const src of firing) {
      if (src.fingerprint === target.fingerprint) continue;
      if (!labelsMatch(src.labels, rule.source_match)) continue;
      if (rule.equal.every((k) => (src.labels[k] ?? "") === (target.labels[k] ?? ""))) return { rule, by: src.fingerprint };
    }
  }
  return null;
}
