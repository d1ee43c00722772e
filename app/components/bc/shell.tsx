import { Box, Flex, GlobalStyles, H1, Message } from "@bigcommerce/big-design";
import { theme } from "@bigcommerce/big-design-theme";
import type { ReactNode } from "react";
import { ThemeProvider } from "styled-components";
import { RouteLink } from "./route-link";

/**
 * What every BigCommerce admin page sits in: BigDesign's theme and global styles, the app bar, and in
 * sandbox mode a reminder that nothing is real. `ordersUrl` keeps `?store=` (sandbox) across navigation.
 */
export function BigDesignShell({
  sandbox,
  ordersUrl,
  children,
}: {
  sandbox: boolean;
  ordersUrl: string;
  children: ReactNode;
}) {
  // The same query string (the sandbox's ?store=) for every section.
  const query = ordersUrl.includes("?") ? ordersUrl.slice(ordersUrl.indexOf("?")) : "";
  return (
    <ThemeProvider theme={theme}>
      <GlobalStyles />
      <Box as="header" backgroundColor="white" borderBottom="box" paddingHorizontal="xLarge" paddingVertical="medium">
        <Flex alignItems="center" flexDirection="row" flexGap="1.5rem">
          <H1 marginBottom="none">OrderBridge</H1>
          <nav aria-label="Main">
            <Flex flexDirection="row" flexGap="1rem">
              <RouteLink to={ordersUrl}>Orders</RouteLink>
              <RouteLink to={`/bc/sku-mappings${query}`}>SKU mappings</RouteLink>
              <RouteLink to={`/bc/failed-work${query}`}>Failed work</RouteLink>
            </Flex>
          </nav>
        </Flex>
      </Box>
      <Box
        as="main"
        marginHorizontal="auto"
        paddingHorizontal="xLarge"
        paddingVertical="large"
        style={{ maxWidth: "80rem" }}
      >
        {sandbox ? (
          <Message
            type="info"
            marginBottom="large"
            messages={[{ text: "Sandbox mode: an emulated BigCommerce store and emulated marketplaces" }]}
          />
        ) : null}
        {children}
      </Box>
    </ThemeProvider>
  );
}
