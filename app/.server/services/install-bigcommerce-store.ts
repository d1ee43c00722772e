import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import {
  bigCommerceAppCredentials,
  bigCommerceCallbackUrl,
  bigCommerceWebhookDestination,
} from "../platforms/bigcommerce/app-credentials";
import { asBigCommercePlatform } from "../platforms/bigcommerce/bigcommerce-platform";
import { exchangeAuthCode, type AuthCallback } from "../platforms/bigcommerce/oauth";
import type { HookRegistration } from "../platforms/bigcommerce/webhook-registration";
import { recordShopInstalled } from "./shop-installation";

export interface BigCommerceInstall {
  shop: Shop;
  user: { id: number; email: string };
  hooks: HookRegistration[];
}

/**
 * The single-click install (`GET /bigcommerce/auth`): trade the code for the store's token, store the shop
 * (domain = store hash, token sealed, re-activated if it had been uninstalled), then subscribe the store to
 * the webhooks we need. A reinstall runs the same steps and changes nothing that is already right.
 */
export async function installBigCommerceStore(ctx: AppContext, callback: AuthCallback): Promise<BigCommerceInstall> {
  const app = bigCommerceAppCredentials(ctx.env);
  const redirectUri = bigCommerceCallbackUrl(ctx.env, "auth");
  const destination = bigCommerceWebhookDestination(ctx.env);
  if (!app)
    throw new StepError(
      "bigcommerce_not_configured",
      "BIGCOMMERCE_CLIENT_ID and BIGCOMMERCE_CLIENT_SECRET are not set",
    );
  if (!redirectUri || !destination)
    throw new StepError("app_url_missing", "APP_URL is not set, so BigCommerce cannot reach the app");

  const grant = await exchangeAuthCode(
    { loginBaseUrl: ctx.env.BIGCOMMERCE_LOGIN_BASE_URL, app, redirectUri },
    callback,
  );
  const shop = recordShopInstalled(ctx, {
    platform: "bigcommerce",
    domain: grant.storeHash,
    accessToken: grant.accessToken,
  });
  const hooks = await asBigCommercePlatform(ctx.platformFor(shop)).registerWebhooks(destination);
  ctx.logger.info("BigCommerce store installed", {
    storeHash: grant.storeHash,
    shopId: shop.id,
    scope: grant.scope,
    hooks: hooks.map((h) => `${h.scope}:${h.outcome}`).join(", "),
  });
  return { shop, user: { id: grant.user.id, email: grant.user.email }, hooks };
}
