/** The shared fetch stub (connectors/__tests__/fetch-stub.ts) with Amazon's canned answers. */
import { json } from "#connectors/__tests__/fetch-stub.ts";

export { json, stubFetch, type RecordedRequest, type StubHandler } from "#connectors/__tests__/fetch-stub.ts";

export function lwaToken(accessToken: string, expiresIn = 3600): Response {
  return json(200, { access_token: accessToken, token_type: "bearer", expires_in: expiresIn });
}

export const EXPIRED_TOKEN_BODY = {
  errors: [
    {
      code: "Unauthorized",
      message: "Access to requested resource is denied.",
      details: "The access token you provided has expired.",
    },
  ],
};
