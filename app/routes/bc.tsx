import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { isSandbox } from "../.server/env";
import { ErrorPage } from "../components/bc/error-page";
import { BigDesignShell } from "../components/bc/shell";

/**
 * The BigCommerce admin UI (BigDesign), opened from the store's control panel after /bigcommerce/load set the
 * session cookie; in sandbox mode reachable directly, for the first BigCommerce store or `?store=`.
 * Server-side styles for BigDesign come from app/entry.server.tsx (docs/decisions/010-bigdesign-admin-ui.md).
 */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  await requireBigCommerceStore(request, context);
  return json({ sandbox: isSandbox(context.app.env) });
};

/** `/bc`, keeping `?store=` (the sandbox's store picker) when there is one. */
function useOrdersUrl(): string {
  const [searchParams] = useSearchParams();
  const store = searchParams.get("store");
  return store ? `/bc?${new URLSearchParams({ store })}` : "/bc";
}

export default function BigCommerceLayout() {
  const { sandbox } = useLoaderData<typeof loader>();
  return (
    <BigDesignShell sandbox={sandbox} ordersUrl={useOrdersUrl()}>
      <Outlet />
    </BigDesignShell>
  );
}

/** Errors thrown by the layout's loader (no session, store not installed) or render; child routes handle their own. */
export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <BigDesignShell sandbox={false} ordersUrl={useOrdersUrl()}>
      <ErrorPage error={error} />
    </BigDesignShell>
  );
}
