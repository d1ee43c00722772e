import { useLocation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ErrorPage, isAppBridgeResponse } from "./error-page";

/**
 * The ErrorBoundary of a Polaris page below the Orders list (order detail, SKU mappings): App Bridge's own responses
 * pass through; anything else is an error page with the way back to the list, its filters kept.
 */
export function SubpageErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  if (isAppBridgeResponse(error)) return boundary.error(error);
  return <ErrorPage error={error} backUrl={`/app${location.search}`} />;
}
