// The eight-step complaint process (../shared/notes/domain.md) as a pure state machine.
// A case moves forward one step at a time; approval (step 6) can only be given by a user
// holding the "case:approve" permission and cannot be skipped; a dismissed or reviewed
// case can be reopened. Everything here is pure so the API, the console and the tests
// share one definition of "a sensible transition".

export const CASE_STATES = [
  "recorded",            // 1. record the complaint
  "validity_judged",     // 2. judged valid
  "scope_determined",    // 3. what the handling covers
  "cause_analysed",      // 4. analyse the cause
  "resolution_proposed", // 5. propose a resolution
  "approved",            // 6. approved by a manager
  "carried_out",         // 7. carry it out
  "reviewed",            // 8. review and evaluate
  "dismissed",           // 2'. judged not a complaint, or malicious
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Steps 1..8 for display; dismissed shows as step 2. */
export const STEP_OF: Record<CaseState, number> = {
  recorded: 1, validity_judged: 2, scope_determined: 3, cause_analysed: 4,
  resolution_proposed: 5, approved: 6, carried_out: 7, reviewed: 8, dismissed: 2,
};

export const VALIDITY = ["valid", "not_a_complaint", "malicious"] as const;
export type Validity = (typeof VALIDITY)[number];

export const CASE_ACTIONS = [
  "judge_validity", "determine_scope", "analyse_cause", "propose_resolution",
  "approve", "reject", "carry_out", "review", "reopen",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CasePermission = "case:work" | "case:approve";

export interface ActionRule {
  from: readonly CaseState[];
  /** Target state; judge_validity depends on the verdict. */
  to: CaseState | ((input: ActionInput) => CaseState);
  permission: CasePermission;
  /** Input fields that must be non-empty. */
  requires: readonly (keyof ActionInput)[];
}

export interface ActionInput {
  validity?: Validity;
  scope?: string;
  cause?: string;
  causeSource?: "service" | "company" | "customer" | "external";
  resolution?: string;
  outcome?: string;
  wonBack?: boolean;
  lessons?: string;
  reason?: string;
  note?: string;
}

export const ACTION_RULES: Record<CaseAction, ActionRule> = {
  judge_validity: { from: ["recorded"], to: (i) => (i.validity === "valid" ? "validity_judged" : "dismissed"), permission: "case:work", requires: ["validity"] },
  determine_scope: { from: ["validity_judged"], to: "scope_determined", permission: "case:work", requires: ["scope"] },
  analyse_cause: { from: ["scope_determined"], to: "cause_analysed", permission: "case:work", requires: ["cause"] },
  propose_resolution: { from: ["cause_analysed"], to: "resolution_proposed", permission: "case:work", requires: ["resolution"] },
  approve: { from: ["resolution_proposed"], to: "approved", permission: "case:approve", requires: [] },
  // A rejected proposal goes back to the analyst with the reason; it never slips through.
  reject: { from: ["resolution_proposed"], to: "cause_analysed", permission: "case:approve", requires: ["reason"] },
  carry_out: { from: ["approved"], to: "carried_out", permission: "case:work", requires: [] },
  review: { from: ["carried_out"], to: "reviewed", permission: "case:work", requires: ["outcome", "wonBack"] },
  reopen: { from: ["reviewed", "dismissed"], to: "recorded", permission: "case:work", requires: ["reason"] },
};

export const CLOSED_STATES: readonly CaseState[] = ["reviewed", "dismissed"];

export class TransitionError extends Error {
  constructor(message: string, readonly code: "invalid_transition" | "forbidden" | "missing_field", readonly field?: string) {
    super(message);
    this.name = "TransitionError";
  }
}

/** Actions available from a state (ignoring permissions). */
export function actionsFrom(state: CaseState): CaseAction[] {
  return CASE_ACTIONS.filter((a) => ACTION_RULES[a].from.includes(state));
}

/**
 * Validates one step and returns the next state. Throws TransitionError naming what is
 * wrong: the state, the missing permission or the missing field.
 */
export function nextState(state: CaseState, action: CaseAction, input: ActionInput, permissions: ReadonlySet<string>): CaseState {
  const rule = ACTION_RULES[action];
  if (!rule.from.includes(state)) {
    throw new TransitionError(`cannot ${action} a case in state ${state} (allowed from: ${rule.from.join(", ")})`, "invalid_transition");
  }
  if (!permissions.has(rule.permission)) {
    throw new TransitionError(`${action} needs the ${rule.permission} permission`, "forbidden");
  }
  for (const f of rule.requires) {
    const v = input[f];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
      throw new TransitionError(`${action} needs ${f}`, "missing_field", f);
    }
  }
  return typeof rule.to === "function" ? rule.to(input) : rule.to;
}

export function isClosed(state: string): boolean {
  return (CLOSED_STATES as readonly string[]).includes(state);
}
