import type { AlertEvent } from "../types.ts";

/** The generic webhook body: the event itself, versioned so receivers can evolve. */
export function renderWebhook(event: AlertEvent): { version: 1; event: AlertEvent } {
  return { version: 1, event };
}
