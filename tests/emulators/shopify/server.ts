/**
 * The kit's EmulatorServer with Shopify's answers for injected faults: a 401 with Shopify's invalid-token
 * body for expired_token, GraphQL-shaped 5xx bodies with a request id, and the REST-style 429.
 */
import { randomUUID } from "node:crypto";
import { EmulatorServer, type EmulatorResponse } from "../kit/emulator-server";
import type { AnsweredFaultKind } from "../kit/faults";
import { INVALID_TOKEN_BODY } from "./graphql-endpoint";

export class ShopifyEmulatorServer extends EmulatorServer {
  protected override faultResponse(kind: AnsweredFaultKind): EmulatorResponse {
    const requestId = randomUUID();
    const headers = { "x-request-id": requestId };
    switch (kind) {
      case "http_500":
        return {
          status: 500,
          headers,
          body: {
            errors: [
              {
                message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
                extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
              },
            ],
          },
        };
      case "http_503":
        return {
          status: 503,
          headers,
          body: {
            errors: [{ message: "Service Unavailable", extensions: { code: "SERVICE_UNAVAILABLE", requestId } }],
          },
        };
      case "http_429":
        return {
          status: 429,
          headers: { ...headers, "retry-after": "2.0" },
          body: {
            errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
          },
        };
      case "expired_token":
        return { status: 401, headers, body: INVALID_TOKEN_BODY };
    }
  }
}
