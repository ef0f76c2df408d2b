// Alertmanager timing with a fake clock: group_wait batches, group_interval gates
// additions, repeat_interval re-sends unchanged groups, resolved is sent once.
import { describe, expect, it } from "vitest";
import { alert, engine, H, M, S } from "./fixtures.ts";

const fps = (d: { firing: Array<{ fingerprint: string }> }) => d.firing.map((a) => a.fingerprint).sort();

describe("grouping", () => {
  it("waits group_wait, then sends one notification for the whole burst", () => {
    const { e, clock } = engine();
    e.ingest(alert("i1", { brand: "acme-air" }));
    clock.advance(10 * S);
    e.ingest(alert("i2", { brand: "acme-air" }));
    e.ingest(alert("i3", { brand: "other" }));
    clock.advance(19 * S);
    expect(e.tick()).toEqual([]);
    clock.advance(1 * S);
    const out = e.tick();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ receiver: "support", reason: "initial", channels: ["support-slack"] });
    expect(fps(out[0])).toEqual(["i1", "i2"]);
    clock.advance(10 * S);
    expect(fps(e.tick()[0])).toEqual(["i3"]);
  });

  it("sends the same alert once: re-ingesting it does not notify again before repeat_interval", () => {
    const { e, clock } = engine();
    e.ingest(alert("i1", { brand: "acme-air" }));
    clock.advance(30 * S);
    expect(e.tick()).toHaveLength(1);
    for (let i = 0; i < 40; i++) {
      clock.advance(5 * M);
      e.ingest(alert("i1", { brand: "acme-air" }));
      const out = e.tick();
      const elapsed = (i + 1) * 5 * M;
      if (elapsed >= 4 * H && elapsed < 4 * H + 5 * M) expect(out.map((d) => d.reason)).toEqual(["repeat"]);
      else expect(out, `at +${elapsed / M} min`).toEqual([]);
    }
  });

  it("notifies additions at the next group_interval, not before", () => {
    const { e, clock } = engine();
    e.ingest(alert("i1", { brand: "acme-air" }));
    clock.advance(30 * S);
    e.tick();
    clock.advance(1 * M);
    e.ingest(alert("i2", { brand: "acme-air" }));
    clock.advance(3 * M);
    expect(e.tick()).toEqual([]);
    clock.advance(1 * M);
    const [d] = e.tick();
    expect(d.reason).toBe("changed");
    expect(fps(d)).toEqual(["i1", "i2"]);
  });

  it("reports a resolved alert once and then forgets it", () => {
    const { e, clock } = engine();
    e.ingest(alert("i1", { brand: "acme-air" }));
    e.ingest(alert("i2", { brand: "acme-air" }));
    clock.advance(30 * S);
    e.tick();
    e.resolve("i1");
    clock.advance(5 * M);
    const [d] = e.tick();
    expect(d.resolved.map((a) => a.fingerprint)).toEqual(["i1"]);
    expect(fps(d)).toEqual(["i2"]);
    e.resolve("i2");
    clock.advance(5 * M);
    expect(e.tick()[0].resolved.map((a) => a.fingerprint)).toEqual(["i2"]);
    clock.advance(5 * M);
    expect(e.tick()).toEqual([]);
    expect(e.nextWakeAt()).toBeNull();
  });

  it("with group_wait 0 the first notification goes out on the next tick", () => {
    const { e } = engine({ route: { receiver: "r", group_wait: "0s" }, receivers: [{ name: "r", channels: ["c"] }] });
    e.ingest(alert("i1", { brand: "x" }));
    expect(e.tick()).toHaveLength(1);
  });

  it("survives export/import of its state (restart) without re-sending", () => {
    const { e, clock } = engine();
    e.ingest(alert("i1", { brand: "acme-air" }));
    clock.advance(30 * S);
    e.tick();
    const saved = JSON.parse(JSON.stringify(e.exportState()));
    const { e: e2 } = engine(undefined, clock);
    e2.importState(saved);
    clock.advance(5 * M);
    e2.ingest(alert("i1", { brand: "acme-air" }));
    expect(e2.tick()).toEqual([]);
  });
});
