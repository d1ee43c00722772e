import { isRouteErrorResponse } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";

/**
 * Shopify's `authenticate.admin` answers some document requests by throwing a 2xx HTML response (the App Bridge
 * bounce / exit-iframe page). Those must be rendered by `boundary.error`; everything else is a real error.
 */
export function isAppBridgeResponse(error: unknown): boolean {
  return isRouteErrorResponse(error) && error.status < 400;
}

function describe(error: unknown): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    const text = typeof error.data === "string" ? error.data : (error.data as { message?: string } | null)?.message;
    const title = error.status === 404 ? "Not found" : error.status === 403 ? "Not allowed" : `Error ${error.status}`;
    return { title, message: text || error.statusText || "The request could not be completed." };
  }
  if (error instanceof Error) return { title: "Something went wrong", message: error.message };
  return { title: "Something went wrong", message: "An unknown error occurred." };
}

/** What a route shows when its loader, action or render fails. */
export function ErrorPage({ error, backUrl }: { error: unknown; backUrl?: string }) {
  const { title, message } = describe(error);
  return (
    <Page title={title} backAction={backUrl ? { content: "Orders", url: backUrl } : undefined}>
      <Banner tone="critical">
        <Text as="p">{message}</Text>
      </Banner>
    </Page>
  );
}
