import { Link } from "@remix-run/react";
import type { AppProviderProps } from "@shopify/polaris";
import { forwardRef, type ComponentProps } from "react";

type LinkLikeComponentProps = ComponentProps<NonNullable<AppProviderProps["linkComponent"]>>;

/**
 * Polaris `linkComponent` for the sandbox (the embedded AppProvider from shopify-app-remix brings its own):
 * every Polaris `url` (Button, Link, Tabs, Pagination...) navigates with Remix `Link`, not a full page load.
 */
export const RemixPolarisLink = forwardRef<HTMLAnchorElement, LinkLikeComponentProps>(function RemixPolarisLink(
  { url, external, children, ...rest },
  ref,
) {
  return (
    <Link {...rest} ref={ref} to={url} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
      {children}
    </Link>
  );
});
