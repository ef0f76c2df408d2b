import { describe, it, expect } from "vitest";
import { nextState, actionsFrom, CASE_STATES, CASE_ACTIONS, ACTION_RULES, TransitionError, type CaseState, type CaseAction, type ActionInput } from "../../cases/case.states.ts";

const ALL = new Set(["case:work", "case:approve"]);
const WORK = new Set(["case:work"]);
const full: ActionInput = { validity: "valid", scope: "s", cause: "c", resolution: "r", outcome: "o", wonBack: true, reason: "x" };

describe("eight-step state machine", () => {
  it("walks the happy path through all eight steps", () => {
    const path: Array<[CaseAction, CaseState]> = [
      ["judge_validity", "validity_judged"], ["determine_scope", "scope_determined"], ["analyse_cause", "cause_analysed"],
      ["propose_resolution", "resolution_proposed"], ["approve", "approved"], ["carry_out", "carried_out"], ["review", "reviewed"],
    ];
    let s: CaseState = "recorded";
    for (const [a, to] of path) {
      s = nextState(s, a, full, ALL);
      expect(s).toBe(to);
    }
  });

  it("dismisses on not_a_complaint and malicious", () => {
    expect(nextState("recorded", "judge_validity", { validity: "not_a_complaint" }, WORK)).toBe("dismissed");
    expect(nextState("recorded", "judge_validity", { validity: "malicious" }, WORK)).toBe("dismissed");
  });

  it("allows reopen from reviewed and dismissed only, with a reason", () => {
    expect(nextState("reviewed", "reopen", { reason: "customer wrote again" }, WORK)).toBe("recorded");
    expect(nextState("dismissed", "reopen", { reason: "it was real" }, WORK)).toBe("recorded");
    expect(() => nextState("reviewed", "reopen", {}, WORK)).toThrow(/needs reason/);
  });

  it("rejection sends the proposal back to cause analysis", () => {
    expect(nextState("resolution_proposed", "reject", { reason: "too cheap" }, ALL)).toBe("cause_analysed");
  });

  // Every (state, action) pair not in the table must be refused: no skipping, especially not approval.
  for (const state of CASE_STATES) {
    for (const action of CASE_ACTIONS) {
      const allowed = ACTION_RULES[action].from.includes(state);
      if (allowed) continue;
      it(`refuses ${action} from ${state}`, () => {
        const err = (() => { try { nextState(state, action, full, ALL); } catch (e) { return e; } })();
        expect(err).toBeInstanceOf(TransitionError);
        expect((err as TransitionError).code).toBe("invalid_transition");
      });
    }
  }

  it("approval cannot be skipped: carry_out needs the approved state", () => {
    expect(() => nextState("resolution_proposed", "carry_out", full, ALL)).toThrow(/cannot carry_out a case in state resolution_proposed/);
  });

  it("approve and reject need case:approve", () => {
    for (const a of ["approve", "reject"] as const) {
      const err = (() => { try { nextState("resolution_proposed", a, full, WORK); } catch (e) { return e as TransitionError; } })();
      expect(err?.code).toBe("forbidden");
    }
  });

  it("no permission, no step", () => {
    expect(() => nextState("recorded", "judge_validity", full, new Set(["read"]))).toThrow(/case:work/);
  });

  it("names the missing field", () => {
    const cases: Array<[CaseState, CaseAction, string]> = [
      ["recorded", "judge_validity", "validity"], ["validity_judged", "determine_scope", "scope"], ["scope_determined", "analyse_cause", "cause"],
      ["cause_analysed", "propose_resolution", "resolution"], ["carried_out", "review", "outcome"],
    ];
    for (const [s, a, f] of cases) {
      const err = (() => { try { nextState(s, a, { scope: " " }, ALL); } catch (e) { return e as TransitionError; } })();
      expect(err?.code).toBe("missing_field");
      expect(err?.field).toBe(f);
    }
    expect(() => nextState("carried_out", "review", { outcome: "ok" }, ALL)).toThrow(/needs wonBack/);
  });

  it("lists the actions of each state", () => {
    expect(actionsFrom("recorded")).toEqual(["judge_validity"]);
    expect(actionsFrom("resolution_proposed").sort()).toEqual(["approve", "reject"]);
    expect(actionsFrom("reviewed")).toEqual(["reopen"]);
  });
});
