import { useFetcher, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Platform } from "#db/schema/index.ts";
import type { Tone } from "./order-looks";

/**
 * What the "Marketplace accounts" card (Polaris) and panel (BigDesign) share, everything but the markup: the
 * Connect buttons and what they do, the words for an account's status, and closing the banner shown after a
 * connect. docs/decisions/009-marketplace-connect-and-account-deletion.md.
 */

/** The marketplaces a merchant connects by OAuth from the admin, in the order the buttons appear. */
export const MARKETPLACE_CONNECTS = [
  { marketplace: "amazon", label: "Connect Amazon" },
  { marketplace: "ebay", label: "Connect eBay" },
  { marketplace: "etsy", label: "Connect Etsy" },
] as const;
export type ConnectableMarketplace = (typeof MARKETPLACE_CONNECTS)[number]["marketplace"];

/**
 * Amazon's selling regions, as the merchant picks one before "Connect Amazon" (each region is its own Seller
 * Central and its own account here). The server checks the value (connect-amazon-account.ts).
 */
export const AMAZON_REGION_CHOICES = [
  { value: "na", label: "North America (US, CA, MX, BR)" },
  { value: "eu", label: "Europe (UK, DE, FR, IT, ES, …, IN, AE)" },
  { value: "fe", label: "Far East (JP, AU, SG)" },
] as const;
export const DEFAULT_AMAZON_REGION = "na";

/** Whether the marketplace's Connect asks for a region first (Amazon). */
export function connectNeedsRegion(marketplace: ConnectableMarketplace): boolean {
  return marketplace === "amazon";
}

/** A marketplace account as the admin home lists it (from `loadOrdersList`). */
export interface AccountSummary {
  id: number;
  name: string;
  marketplaceName: string;
  /** The marketplace's key ("amazon", "ebay", "etsy"). */
  marketplace: string;
  /** Amazon: na, eu, fe (a reconnect goes to that region's consent); others: global. */
  region: string;
  enabled: boolean;
  /** The marketplace refused its authorisation, or the merchant disconnected it: it waits for a reconnect. */
  expired: boolean;
  /** The merchant disconnected it (its credentials are erased). */
  disconnected: boolean;
}

export function accountStatusLook(account: Pick<AccountSummary, "enabled" | "expired" | "disconnected">): {
  label: string;
  tone: Tone;
} {
  if (account.disconnected) return { label: "Disconnected", tone: "neutral" };
  if (account.expired) return { label: "Reconnect needed", tone: "critical" };
  return account.enabled ? { label: "Importing", tone: "success" } : { label: "Paused", tone: "neutral" };
}

/** Whether the admin connects this marketplace by OAuth (its Connect and Reconnect buttons). */
export function isConnectable(marketplace: string): marketplace is ConnectableMarketplace {
  return MARKETPLACE_CONNECTS.some((c) => c.marketplace === marketplace);
}

/** The Reconnect button's label for an expired account of this marketplace. */
export function reconnectLabel(marketplace: ConnectableMarketplace): string {
  return `Reconnect ${MARKETPLACE_CONNECTS.find((c) => c.marketplace === marketplace)!.label.replace(/^Connect /, "")}`;
}

/**
 * Per platform, what goes along with POST /connect/<marketplace>: the query parameter by which sandbox mode
 * picks the shop (kept from the page's URL), and `platform`, which tells the server whose session to check
 * (app/.server/admin-shop.ts; none is Shopify).
 */
const CONNECT_QUERY: Record<Platform, { shopPicker: string; platform: Platform | null }> = {
  shopify: { shopPicker: "shop", platform: null },
  bigcommerce: { shopPicker: "store", platform: "bigcommerce" },
};

export function connectActionUrl(
  marketplace: ConnectableMarketplace,
  platform: Platform,
  pageParams: URLSearchParams,
): string {
  const { shopPicker, platform: platformParam } = CONNECT_QUERY[platform];
  const query = new URLSearchParams();
  if (platformParam) query.set("platform", platformParam);
  const shop = pageParams.get(shopPicker);
  if (shop) query.set(shopPicker, shop);
  const qs = query.toString();
  return `/connect/${marketplace}${qs ? `?${qs}` : ""}`;
}

/**
 * "Connect": asks the server for the marketplace's consent URL with a fresh state (POST /connect/<marketplace>),
 * then opens it in the top window, since Amazon, eBay and Etsy refuse to load in the admin's frame. `error` is the
 * server's reason when it has no URL to give (the marketplace is not set up, no region chosen). Amazon's connect
 * carries the region.
 */
export function useMarketplaceConnect(
  marketplace: ConnectableMarketplace,
  platform: Platform,
  /** A Reconnect's account region (Amazon); without it, Amazon's Connect asks for one (`regionChoice`). */
  accountRegion?: string,
) {
  const fetcher = useFetcher<{ authorizeUrl: string } | { error: string }>();
  const [searchParams] = useSearchParams();
  const [chosen, setChosen] = useState<string>(DEFAULT_AMAZON_REGION);
  const asksRegion = connectNeedsRegion(marketplace) && accountRegion === undefined;
  const region = accountRegion ?? (asksRegion ? chosen : undefined);
  const data = fetcher.data;
  useEffect(() => {
    if (data && "authorizeUrl" in data) window.open(data.authorizeUrl, "_top");
  }, [data]);
  return {
    connect: () =>
      fetcher.submit(region && connectNeedsRegion(marketplace) ? { region } : null, {
        method: "post",
        action: connectActionUrl(marketplace, platform, searchParams),
      }),
    /** The region picker to show before the button, or null. */
    regionChoice: asksRegion ? { value: chosen, set: setChosen, options: AMAZON_REGION_CHOICES } : null,
    busy: fetcher.state !== "idle",
    error: data && "error" in data ? data.error : null,
  };
}

/** The query parameters of the banner after a connect (`?connected=` or `?connect_error=&marketplace=`). */
const CONNECT_BANNER_PARAMS = ["connected", "connect_error", "marketplace"] as const;

/** Closes that banner: the same page without its parameters, replacing the history entry. */
export function useDismissConnectBanner(): () => void {
  const [, setSearchParams] = useSearchParams();
  return () =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of CONNECT_BANNER_PARAMS) next.delete(k);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
}
