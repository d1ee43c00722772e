import { isRouteErrorResponse } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";
import { describeRouteError } from "./route-error";

/**
 * Shopify's `authenticate.admin` answers some document requests by throwing a 2xx HTML response (the App Bridge
 * bounce / exit-iframe page). Those must be rendered by `boundary.error`; everything else is a real error.
 */
export function isAppBridgeResponse(error: unknown): boolean {
  return isRouteErrorResponse(error) && error.status < 400;
}

/** What a route shows when its loader, action or render fails. */
export function ErrorPage({ error, backUrl }: { error: unknown; backUrl?: string }) {
  const { title, message } = describeRouteError(error);
  return (
    <Page title={title} backAction={backUrl ? { content: "Orders", url: backUrl } : undefined}>
      <Banner tone="critical">
        <Text as="p">{message}</Text>
      </Banner>
    </Page>
  );
}
