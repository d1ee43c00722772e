import { Link, type LinkProps } from "@bigcommerce/big-design";
import { useHref, useLinkClickHandler } from "@remix-run/react";

type RouteLinkProps = Omit<LinkProps, "href"> & { to: string };

/**
 * BigDesign's Link for a route of the app: its look, Remix's navigation (a plain click navigates client-side,
 * a modified click opens a tab as any link does). BigDesign's Link is a styled <a>, so we give it the href
 * and Remix's click handler rather than swapping the element.
 */
export function RouteLink({ to, onClick, target, ...rest }: RouteLinkProps) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to, { target });
  return (
    <Link
      {...rest}
      href={href}
      target={target}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) handleClick(event);
      }}
    />
  );
}
