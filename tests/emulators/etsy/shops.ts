/**
 * Shop operations of the spec:
 *   GET /v3/application/users/{user_id}/shops   getShopByOwnerUserId (API key only)
 *
 * The spec gives this operation no `security` of its own, so the document's default applies: `api_key`
 * alone. The x-api-key and rate-limit checks run as for every operation; no bearer token is read, and any
 * app may look up any user's shop (shop data is public on Etsy). A user owns at most one shop (Etsy policy,
 * etsy/open-api#497). A user without one gets 404 with the text Etsy answered in etsy/open-api#526/#504.
 */
import { apiRoute, type EtsyContext } from "./api";
import { etsyError } from "./etsy-emulator-server";
import { shopView } from "./views";

export const shopNotFoundMessage = (userId: number) => `Could not find a shop for user with user_id = ${userId}`;

export function registerShops(ctx: EtsyContext): void {
  apiRoute(
    ctx,
    "GET",
    "/v3/application/users/:user_id/shops",
    "getShopByOwnerUserId",
    null,
    (_req, _caller, { values }) => {
      const userId = values.user_id as number;
      const shop = ctx.state.shopOfUser(userId);
      if (!shop) return etsyError(404, shopNotFoundMessage(userId));
      return { status: 200, body: shopView(shop) };
    },
  );
}
