import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmulatorServer } from "./emulator-server";
import { FAULT_KINDS, FaultQueue } from "./faults";

describe("FaultQueue chaos", () => {
  it("draws faults at the rate, from the kinds asked for, the same for the same seed, and counts them", () => {
    const draw = (seed: number) => {
      const q = new FaultQueue();
      q.setChaos({ rate: 0.2, kinds: ["http_500", "lost_answer"], seed });
      const kinds = Array.from({ length: 2000 }, () => q.take("GET", "/x")?.kind ?? null);
      return { kinds, state: q.chaos() };
    };
    const a = draw(7);
    expect(draw(7).kinds).toEqual(a.kinds);
    const faulted = a.kinds.filter((k) => k !== null);
    expect(faulted.length).toBeGreaterThan(320);
    expect(faulted.length).toBeLessThan(480);
    expect(new Set(faulted)).toEqual(new Set(["http_500", "lost_answer"]));
    expect(a.state.requests).toBe(2000);
    expect((a.state.injected.http_500 ?? 0) + (a.state.injected.lost_answer ?? 0)).toBe(faulted.length);
  });

  it("serves queued faults first, rejects bad settings, and reset turns chaos off and zeroes the counts", () => {
    const q = new FaultQueue();
    q.setChaos({ rate: 1, kinds: ["http_503"], seed: 1 });
    q.add({ kind: "timeout", times: 1 });
    expect(q.take("GET", "/x")?.kind).toBe("timeout");
    expect(q.take("GET", "/x")?.kind).toBe("http_503");
    expect(q.chaos().injected).toEqual({ timeout: 1, http_503: 1 });
    expect(() => q.setChaos({ rate: 2 })).toThrow(/rate/);
    expect(() => q.setChaos({ rate: 0.1, kinds: ["nope"] })).toThrow(/unknown fault kind/);
    q.reset();
    expect(q.take("GET", "/x")).toBeNull();
    expect(q.chaos()).toMatchObject({ rate: 0, injected: {}, requests: 1, kinds: [...FAULT_KINDS] });
  });
});

describe("EmulatorServer chaos over HTTP", () => {
  let server: EmulatorServer;
  let base: string;
  let hits = 0;
  beforeEach(async () => {
    hits = 0;
    server = new EmulatorServer("test");
    server.route("POST", "/api/things", () => ({ status: 201, body: { n: ++hits } }));
    base = await server.listen();
  });
  afterEach(() => server.close());

  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("lost_answer: the request is processed and logged, the connection dropped without an answer", async () => {
    expect((await control("POST", "/__sandbox/chaos", { rate: 1, kinds: ["lost_answer"], seed: 3 })).status).toBe(200);
    await expect(fetch(`${base}/api/things`, { method: "POST" })).rejects.toThrow();
    expect(hits).toBe(1);
    expect(server.requests().map((r) => r.status)).toEqual([201]);
    // Control routes never take a fault, and the counts are there.
    const state = (await (await control("GET", "/__sandbox/chaos")).json()) as { injected: Record<string, number> };
    expect(state.injected).toEqual({ lost_answer: 1 });
    await control("DELETE", "/__sandbox/chaos");
    const ok = await fetch(`${base}/api/things`, { method: "POST" });
    expect(ok.status).toBe(201);
    expect(hits).toBe(2);
  });

  it("answers the kinds it is asked for at rate 1, and 400 for bad settings", async () => {
    await control("POST", "/__sandbox/chaos", { rate: 1, kinds: ["http_429"], seed: 1 });
    expect((await fetch(`${base}/api/things`, { method: "POST" })).status).toBe(429);
    expect(hits).toBe(0);
    expect((await control("POST", "/__sandbox/chaos", { rate: -1 })).status).toBe(400);
    await control("POST", "/__sandbox/chaos", { rate: 1, kinds: ["timeout"], seed: 1, timeoutMs: 50 });
    await expect(fetch(`${base}/api/things`, { method: "POST" })).rejects.toThrow();
    expect(hits).toBe(0);
  });
});
