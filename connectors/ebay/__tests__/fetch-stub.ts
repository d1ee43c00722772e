/** The shared fetch stub (connectors/__tests__/fetch-stub.ts) with eBay's canned answers. */
import { json } from "#connectors/__tests__/fetch-stub.ts";

export { json, stubFetch, type RecordedRequest, type StubHandler } from "#connectors/__tests__/fetch-stub.ts";

export function tokenResponse(accessToken: string, expiresIn = 7200): Response {
  return json(200, { access_token: accessToken, expires_in: expiresIn, token_type: "User Access Token" });
}

export const INVALID_TOKEN_BODY = {
  errors: [
    {
      errorId: 1001,
      domain: "OAuth",
      category: "REQUEST",
      message: "Invalid access token",
      longMessage: "Invalid access token. Check the value of the Authorization HTTP request header.",
    },
  ],
};
