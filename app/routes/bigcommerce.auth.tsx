import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { bigCommerceSessionCookie } from "../.server/bigcommerce-session";
import { isStepError, isTransientError } from "../.server/errors";
import { installBigCommerceStore } from "../.server/services/install-bigcommerce-store";
import { INBOUND_ROUTES, methodNotAllowed } from "../.server/http/inbound-routes";

/**
 * BigCommerce's install callback: `GET /bigcommerce/auth?code&scope&context=stores/{hash}`. Exchanges the code,
 * stores the shop, subscribes its webhooks, then opens the app for the installing user.
 */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const ctx = context.app;
  const q = new URL(request.url).searchParams;
  const code = q.get("code");
  const scope = q.get("scope");
  const installContext = q.get("context");
  if (!code || !scope || !installContext) return text(400, "Missing code, scope or context");
  try {
    const installed = await installBigCommerceStore(ctx, { code, scope, context: installContext });
    const cookie = bigCommerceSessionCookie(ctx, { storeHash: installed.shop.domain, userId: installed.user.id });
    return redirect("/bc", { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    ctx.logger.warn("BigCommerce install failed", { error: (e as Error).message, context: installContext });
    // By brand: platformFor's adapter comes from the server's module graph, not the route build's copy of errors.ts.
    if (isStepError(e)) return text(400, `OrderBridge could not be installed: ${e.message}`);
    if (isTransientError(e))
      return text(502, `OrderBridge could not be installed right now (${e.message}); please try again`);
    throw e;
  }
};

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** BigCommerce only GETs here: any other method is answered 405 quietly (without an action, Remix logs an error). */
export const action = () => methodNotAllowed(INBOUND_ROUTES.bigcommerceAuth);
