import { useLocation, useRouteError } from "@remix-run/react";
import { ErrorPage } from "./error-page";

/** The ErrorBoundary of a BigDesign page below the Orders list: an error page with the way back to the list (and ?store=). */
export function SubpageErrorBoundary() {
  const location = useLocation();
  return <ErrorPage error={useRouteError()} backUrl={`/bc${location.search}`} />;
}
