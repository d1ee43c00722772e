import { afterEach, describe, expect, it, vi } from "vitest";
import { BigCommerceRestClient } from "./rest-client";

/** The client at its edge, with fetch spied: how it reads a 429's wait. */
describe("BigCommerceRestClient on a 429", () => {
  afterEach(() => vi.restoreAllMocks());

  function answers(...responses: Response[]) {
    const spy = vi.spyOn(globalThis, "fetch");
    for (const r of responses) spy.mockResolvedValueOnce(r);
    return spy;
  }

  it("waits X-Retry-After (seconds) when the answer has no X-Rate-Limit-Time-Reset-Ms, then resends", async () => {
    const fetchSpy = answers(
      new Response(JSON.stringify({ status: 429, title: "Too Many Requests" }), {
        status: 429,
        headers: { "X-Retry-After": "2", "content-type": "application/json" },
      }),
      new Response(JSON.stringify({ data: [] }), { status: 200, headers: { "content-type": "application/json" } }),
    );
    const slept: number[] = [];
    const client = new BigCommerceRestClient({
      apiBaseUrl: "https://api.example.test",
      storeHash: "retryafter01",
      accessToken: "t",
      platformLoadWaitMs: 5,
      sleep: async (ms) => void slept.push(ms),
    });
    expect(await client.get("/v3/catalog/variants")).toEqual({ data: [] });
    expect(slept).toEqual([2000]);
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it("prefers X-Rate-Limit-Time-Reset-Ms, the precise one, when both are sent", async () => {
    answers(
      new Response("{}", { status: 429, headers: { "X-Retry-After": "2", "X-Rate-Limit-Time-Reset-Ms": "1234" } }),
      new Response(JSON.stringify({ data: [] }), { status: 200 }),
    );
    const slept: number[] = [];
    const client = new BigCommerceRestClient({
      apiBaseUrl: "https://api.example.test",
      storeHash: "retryafter02",
      accessToken: "t",
      sleep: async (ms) => void slept.push(ms),
    });
    await client.get("/v3/catalog/variants");
    expect(slept).toEqual([1234]);
  });
});
