import { describe, expect, it } from "vitest";
import { readLimitedBody } from "./read-limited-body";

/** A Request whose body is a stream of these chunks, counting how many the reader pulled. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[pulled];
        if (next === undefined) return controller.close();
        pulled++;
        controller.enqueue(next);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://app.test/webhooks/x", { method: "POST", headers, body, duplex: "half" });
  return { request, pulled: () => pulled, cancelled: () => cancelled };
}

const bytes = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill);

describe("readLimitedBody", () => {
  it("reads a body at the limit, as text", async () => {
    const { request } = streamed([bytes(6), bytes(4, 0x62)]);
    expect(await readLimitedBody(request, 10)).toEqual({ ok: true, text: "aaaaaabbbb", bytes: 10 });
  });

  it("refuses a Content-Length above the limit without reading a byte", async () => {
    const { request, pulled } = streamed([bytes(11)], { "content-length": "11" });
    expect(await readLimitedBody(request, 10)).toEqual({ ok: false, reason: "declared", limitBytes: 10 });
    expect(pulled()).toBe(0);
    expect(request.bodyUsed).toBe(false);
  });

  it("stops reading once the bytes read pass the limit, and leaves the rest unread (not cancelled)", async () => {
    const { request, pulled, cancelled } = streamed([bytes(4), bytes(4), bytes(4), bytes(4), bytes(4)]);
    expect(await readLimitedBody(request, 10)).toEqual({ ok: false, reason: "streamed", limitBytes: 10 });
    expect(pulled()).toBe(3);
    // Cancelling Remix's request body would destroy the socket before the 413 is written.
    expect(cancelled()).toBe(false);
  });

  it("counts the bytes, not what a Content-Length under the limit claims", async () => {
    const { request } = streamed([bytes(8), bytes(8)], { "content-length": "5" });
    expect(await readLimitedBody(request, 10)).toMatchObject({ ok: false, reason: "streamed" });
  });

  it("decodes UTF-8 across chunks as request.text() does", async () => {
    const euro = new TextEncoder().encode("€1"); // e2 82 ac 31
    const { request } = streamed([euro.subarray(0, 2), euro.subarray(2)]);
    expect(await readLimitedBody(request, 4)).toEqual({ ok: true, text: "€1", bytes: 4 });
  });

  it("reads an empty or absent body as empty text", async () => {
    expect(await readLimitedBody(new Request("http://app.test/", { method: "POST" }), 10)).toEqual({
      ok: true,
      text: "",
      bytes: 0,
    });
    expect(await readLimitedBody(streamed([]).request, 0)).toEqual({ ok: true, text: "", bytes: 0 });
  });

  it("ignores a Content-Length that is not a number", async () => {
    const { request } = streamed([bytes(3)], { "content-length": "3, 3" });
    expect(await readLimitedBody(request, 10)).toMatchObject({ ok: true, bytes: 3 });
  });
});
