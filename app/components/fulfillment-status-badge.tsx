import { Badge } from "@shopify/polaris";
import type { FulfillmentStatus } from "../.server/domain/fulfillment-status";
import { fulfillmentStatusLook } from "./order-looks";
import { polarisTone } from "./polaris-tone";

/**
 * The order's fulfillment status. `label` comes from the server (`fulfillmentStatusLabel` in the domain), so
 * the words live in one place; this component only picks the tone.
 */
export function FulfillmentStatusBadge({ status, label }: { status: FulfillmentStatus; label: string }) {
  const { tone, progress } = fulfillmentStatusLook(status);
  return (
    <Badge tone={polarisTone(tone)} progress={progress}>
      {label}
    </Badge>
  );
}
