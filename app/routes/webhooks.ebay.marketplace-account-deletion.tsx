import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { INBOUND_ROUTES, readInboundBody } from "../.server/http/inbound-routes";
import {
  answerEbayChallenge,
  receiveEbayAccountDeletion,
  type EndpointAnswer,
} from "../.server/services/ebay-account-deletion";

const ROUTE = INBOUND_ROUTES.ebayAccountDeletion;

/**
 * eBay marketplace account deletion (docs/platform-facts.md#ebay-account-deletion): GET answers the challenge, POST
 * receives notifications, their size checked before anything else.
 */
function toResponse(answer: EndpointAnswer): Response {
  if (answer.body === undefined) return new Response(null, { status: answer.status });
  if (typeof answer.body === "string")
    return new Response(answer.body, {
      status: answer.status,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  return Response.json(answer.body, { status: answer.status });
}

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  toResponse(answerEbayChallenge(context.app, new URL(request.url).searchParams.get("challenge_code")));

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const body = await readInboundBody(request, ROUTE);
  if (!body.ok) return body.response;
  return toResponse(
    await receiveEbayAccountDeletion(context.app, request.headers.get("x-ebay-signature"), body.rawBody),
  );
};
