import { H2, Message } from "@bigcommerce/big-design";
import { describeRouteError } from "../route-error";
import { RouteLink } from "./route-link";

/** What a BigCommerce admin route shows when its loader, action or render fails. */
export function ErrorPage({ error, backUrl }: { error: unknown; backUrl?: string }) {
  const { title, message } = describeRouteError(error);
  return (
    <>
      {backUrl ? <RouteLink to={backUrl}>← Orders</RouteLink> : null}
      <H2 marginTop="medium">{title}</H2>
      <Message type="error" messages={[{ text: message }]} />
    </>
  );
}
