import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError, useSearchParams } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider as PolarisAppProvider, Banner, Box, Button, InlineStack, Text } from "@shopify/polaris";
import enTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider as ShopifyAppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { ReactNode } from "react";
import { requireShop } from "../.server/admin-auth";
import { isSandbox } from "../.server/env";
import { ErrorPage, isAppBridgeResponse } from "../components/error-page";
import { RemixPolarisLink } from "../components/remix-polaris-link";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  await requireShop(request, context);
  return json({ sandbox: isSandbox(context.app.env), apiKey: context.app.env.SHOPIFY_API_KEY ?? "" });
};

/** Embedded in Shopify: App Bridge, and the navigation in the Shopify admin's side bar. */
function EmbeddedLayout({ apiKey, children }: { apiKey: string; children: ReactNode }) {
  return (
    <ShopifyAppProvider isEmbeddedApp apiKey={apiKey} i18n={enTranslations}>
      <NavMenu>
        <Link to="/app" rel="home">
          Orders
        </Link>
        <Link to="/app/sku-mappings">SKU mappings</Link>
        <Link to="/app/failed-work">Failed work</Link>
        <Link to="/app/privacy-requests">Privacy requests</Link>
      </NavMenu>
      {children}
    </ShopifyAppProvider>
  );
}

const NAV_ITEMS = [
  {
    label: "Orders",
    path: "/app",
    isActive: (pathname: string) => pathname === "/app" || pathname.startsWith("/app/orders"),
  },
  {
    label: "SKU mappings",
    path: "/app/sku-mappings",
    isActive: (pathname: string) => pathname.startsWith("/app/sku-mappings"),
  },
  {
    label: "Failed work",
    path: "/app/failed-work",
    isActive: (pathname: string) => pathname.startsWith("/app/failed-work"),
  },
  {
    label: "Privacy requests",
    path: "/app/privacy-requests",
    isActive: (pathname: string) => pathname.startsWith("/app/privacy-requests"),
  },
] as const;

/** Sandbox: no Shopify admin around the app, so a plain top bar with our navigation and a reminder. */
function SandboxLayout({ children }: { children: ReactNode }) {
  const location = useLocation();
  const [searchParams] = useSearchParams();
  // `?shop=` picks another sandbox shop; keep it while navigating.
  const shop = searchParams.get("shop");
  const withShop = (path: string) => (shop ? `${path}?${new URLSearchParams({ shop })}` : path);
  return (
    <PolarisAppProvider i18n={enTranslations} linkComponent={RemixPolarisLink}>
      <Box
        background="bg-surface"
        borderBlockEndWidth="025"
        borderColor="border"
        paddingInline="400"
        paddingBlock="300"
      >
        <InlineStack gap="400" blockAlign="center">
          <Text as="span" variant="headingMd">
            OrderBridge
          </Text>
          <nav aria-label="Main">
            <InlineStack gap="100">
              {NAV_ITEMS.map((item) => (
                // Polaris ignores `pressed` on link buttons, so the current section gets the outlined variant.
                <Button
                  key={item.path}
                  url={withShop(item.path)}
                  variant={item.isActive(location.pathname) ? "secondary" : "tertiary"}
                >
                  {item.label}
                </Button>
              ))}
            </InlineStack>
          </nav>
        </InlineStack>
      </Box>
      <div style={{ maxWidth: "62.375rem", margin: "0 auto" }}>
        <Box paddingInline={{ xs: "0", sm: "600" }} paddingBlockStart="400">
          <Banner tone="info">Sandbox mode: emulated Shopify, Amazon, eBay and Etsy</Banner>
        </Box>
      </div>
      {children}
    </PolarisAppProvider>
  );
}

export default function AppLayout() {
  const { sandbox, apiKey } = useLoaderData<typeof loader>();
  if (sandbox) {
    return (
      <SandboxLayout>
        <Outlet />
      </SandboxLayout>
    );
  }
  return (
    <EmbeddedLayout apiKey={apiKey}>
      <Outlet />
    </EmbeddedLayout>
  );
}

/** Errors thrown by the layout's loader (authentication) or render; child routes handle their own. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isAppBridgeResponse(error)) return boundary.error(error);
  return (
    <PolarisAppProvider i18n={enTranslations} linkComponent={RemixPolarisLink}>
      <ErrorPage error={error} />
    </PolarisAppProvider>
  );
}

/** Keeps the headers Shopify's auth sets on thrown responses (e.g. X-Shopify-API-Request-Failure-Reauthorize). */
export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
