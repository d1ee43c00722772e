/** The shared fetch stub (connectors/__tests__/fetch-stub.ts) with Etsy's canned answers. */
import { json } from "#connectors/__tests__/fetch-stub.ts";

export { json, stubFetch, type RecordedRequest, type StubHandler } from "#connectors/__tests__/fetch-stub.ts";

let counter = 0;

/** A token answer with fresh tokens for user 70001001. */
export function tokens(expiresIn = 3600): Response {
  counter += 1;
  return json(200, {
    access_token: `70001001.access-${counter}`,
    token_type: "Bearer",
    expires_in: expiresIn,
    refresh_token: `70001001.refresh-${counter}`,
  });
}
