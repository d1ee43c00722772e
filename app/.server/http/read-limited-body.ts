/**
 * Reads a request body as a stream, with a byte cap, before anything else looks at it: a webhook route checks
 * a signature over the raw body, so it must read the body first, and a body read whole (`request.text()`) is
 * buffered whatever its size. Here:
 *  - a `Content-Length` above the cap is refused at once, without reading a byte;
 *  - otherwise the body is read chunk by chunk, and refused as soon as the bytes read pass the cap (a chunked
 *    body has no length to check first). At most the cap, plus the chunk that crossed it, is held in memory.
 *
 * A refused body is not cancelled, only left unread. Through @remix-run/express the body is a stream over
 * Node's request, and cancelling it destroys that request's socket: the sender would see a reset connection
 * instead of our 413. Left unread, the request is paused (backpressure stops the sender), and the 413 says
 * `Connection: close` (`payloadTooLarge`), so Node closes the connection once the answer is written
 * (docs/decisions/022-inbound-body-limits-and-ebay-key-lookups.md).
 */

export type LimitedBody =
  | { ok: true; text: string; bytes: number }
  | {
      ok: false;
      /** `declared`: Content-Length said so, nothing was read; `streamed`: the bytes read passed the cap. */
      reason: "declared" | "streamed";
      limitBytes: number;
    };

export async function readLimitedBody(request: Request, limitBytes: number): Promise<LimitedBody> {
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared !== null && declared > limitBytes) return { ok: false, reason: "declared", limitBytes };
  if (!request.body) return { ok: true, text: "", bytes: 0 };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limitBytes) return { ok: false, reason: "streamed", limitBytes };
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  // As request.text() decodes: UTF-8, invalid sequences replaced, a leading BOM dropped.
  return { ok: true, text: new TextDecoder().decode(concat(chunks, bytes)), bytes };
}

/** The Content-Length header as a number, or null when absent or not a plain decimal (Node rejects those first). */
function declaredLength(header: string | null): number | null {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return null;
  return Number(header);
}

function concat(chunks: Uint8Array[], bytes: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
