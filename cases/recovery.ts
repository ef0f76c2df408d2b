// The service recovery plan kept on a case: proactive (we found it) or reactive (they
// told us); a symbolic, equivalent or above-value remedy; the 4R checklist (regret,
// reform, restitution, recovery); and the public reply and private follow-up as sent.
import { z } from "zod";

export const recoveryPlanSchema = z.object({
  mode: z.enum(["proactive", "reactive"]).optional(),
  remedy: z.enum(["symbolic", "equivalent", "above_value"]).optional(),
  remedyDetails: z.string().max(4000).optional(),
  timing: z.enum(["during_service", "after_service"]).optional(),
  checklist: z.object({
    regret: z.boolean().default(false).describe("Apologised"),
    reform: z.boolean().default(false).describe("Fixed the cause"),
    restitution: z.boolean().default(false).describe("Compensated"),
    recovery: z.boolean().default(false).describe("Put it right and followed up"),
  }).strict().prefault({}),
  publicReply: z.string().max(4000).optional(),
  privateFollowUp: z.string().max(4000).optional(),
}).strict();
export type RecoveryPlan = z.infer<typeof recoveryPlanSchema>;

export function parseRecovery(json: string | null | undefined): RecoveryPlan {
  try {
    const r = recoveryPlanSchema.safeParse(JSON.parse(json || "{}"));
    return r.success ? r.data : recoveryPlanSchema.parse({});
  } catch {
    return recoveryPlanSchema.parse({});
  }
}

/** Share of the 4R checklist done, 0..4. */
export function checklistDone(p: RecoveryPlan): number {
  return Object.values(p.checklist).filter(Boolean).length;
}
