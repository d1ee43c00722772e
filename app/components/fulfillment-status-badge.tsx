import { Badge, type BadgeProps } from "@shopify/polaris";
import type { FulfillmentStatus } from "../.server/domain/fulfillment-status";

type Look = Pick<BadgeProps, "tone" | "progress">;

/** Badge tone and progress pip per status. Exhaustive: a new status must get a look. */
export function fulfillmentStatusLook(status: FulfillmentStatus): Look {
  switch (status) {
    case "unshipped":
      return { tone: "attention", progress: "incomplete" };
    case "pending":
      return { tone: "info", progress: "partiallyComplete" };
    case "partially_shipped":
      return { tone: "warning", progress: "partiallyComplete" };
    case "shipped":
      return { tone: "success", progress: "complete" };
    case "cancelled":
      return { progress: "complete" };
    case "failed":
      return { tone: "critical" };
    default: {
      const unreachable: never = status;
      throw new Error(`Unknown fulfillment status ${String(unreachable)}`);
    }
  }
}

/**
 * The order's fulfillment status. `label` comes from the server (`fulfillmentStatusLabel` in the domain), so
 * the words live in one place; this component only picks the tone.
 */
export function FulfillmentStatusBadge({ status, label }: { status: FulfillmentStatus; label: string }) {
  const { tone, progress } = fulfillmentStatusLook(status);
  return (
    <Badge tone={tone} progress={progress}>
      {label}
    </Badge>
  );
}
