import { describe, expect, it } from "vitest";
import { dueEscalations, nextEscalationAt } from "../../alerts/routing/escalation.ts";
import { routingConfigSchema } from "../../alerts/routing/config.ts";
import { baseRouting, fakeClock, M } from "./fixtures.ts";

const cfg = routingConfigSchema.parse(baseRouting);
const receivers = new Map(cfg.receivers.map((r) => [r.name, r]));

describe("escalation of unacknowledged alerts", () => {
  it("walks the chain oncall -> lead -> director as time passes without an acknowledgement", () => {
    const clock = fakeClock();
    let item = { alertId: 1, receiver: "oncall", notifiedAt: clock.now(), level: 0 };
    clock.advance(14 * M);
    expect(dueEscalations([item], receivers, clock.now())).toEqual([]);
    expect(nextEscalationAt([item], receivers)).toBe(item.notifiedAt + 15 * M);
    clock.advance(1 * M);
    const [s1] = dueEscalations([item], receivers, clock.now());
    expect(s1).toMatchObject({ from: "oncall", to: "lead", level: 1 });
    item = { ...item, receiver: s1.to, level: s1.level, notifiedAt: clock.now() };
    clock.advance(29 * M);
    expect(dueEscalations([item], receivers, clock.now())).toEqual([]);
    clock.advance(1 * M);
    expect(dueEscalations([item], receivers, clock.now())).toMatchObject([{ from: "lead", to: "director", level: 2 }]);
    item = { ...item, receiver: "director", level: 2, notifiedAt: clock.now() };
    clock.advance(24 * 60 * M);
    expect(dueEscalations([item], receivers, clock.now())).toEqual([]);
  });

  it("stops at the level cap, so a loop a -> b -> a cannot page forever", () => {
    const loop = routingConfigSchema.parse({
      route: { receiver: "a" },
      receivers: [{ name: "a", channels: ["x"], escalation: { after: "1m", to: "b" } }, { name: "b", channels: ["y"], escalation: { after: "1m", to: "a" } }],
    });
    const rs = new Map(loop.receivers.map((r) => [r.name, r]));
    expect(dueEscalations([{ alertId: 1, receiver: "a", notifiedAt: 0, level: 5 }], rs, 10 * M)).toEqual([]);
    expect(dueEscalations([{ alertId: 1, receiver: "a", notifiedAt: 0, level: 4 }], rs, 10 * M)).toHaveLength(1);
  });
});
