import type { ShipmentExportStatus } from "#db/schema/shipments.ts";
import type { TimelineLevel } from "#db/schema/timeline-events.ts";
import type { FulfillmentStatus } from "../.server/domain/fulfillment-status";

/**
 * How statuses look, in words a design system can map: Polaris takes these tones as they are
 * (`neutral` = no tone), BigDesign maps them to its badge variants. Exhaustive switches: a new status or
 * level must get a look.
 */
export type Tone = "neutral" | "info" | "attention" | "warning" | "success" | "critical";

function unreachable(what: string, value: never): never {
  throw new Error(`Unknown ${what} ${String(value)}`);
}

/** Tone, and how far along the order is (Polaris shows it as a progress pip). */
export function fulfillmentStatusLook(status: FulfillmentStatus): {
  tone: Tone;
  progress?: "incomplete" | "partiallyComplete" | "complete";
} {
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
      return { tone: "neutral", progress: "complete" };
    case "failed":
      return { tone: "critical" };
    default:
      return unreachable("fulfillment status", status);
  }
}

/** Where a shipment stands in being sent back to the marketplace. */
export function shipmentExportStatusLook(status: ShipmentExportStatus): { label: string; tone: Tone } {
  switch (status) {
    case "pending":
      return { label: "Export pending", tone: "info" };
    case "waiting_for_tracking":
      return { label: "Waiting for tracking", tone: "attention" };
    case "exported":
      return { label: "Exported", tone: "success" };
    case "failed":
      return { label: "Export failed", tone: "critical" };
    case "skipped":
      return { label: "Not exported", tone: "neutral" };
    default:
      return unreachable("export status", status);
  }
}

export function timelineLevelLook(level: TimelineLevel): { label: string; tone: Tone } {
  switch (level) {
    case "info":
      return { label: "Info", tone: "info" };
    case "success":
      return { label: "Success", tone: "success" };
    case "warning":
      return { label: "Warning", tone: "warning" };
    case "error":
      return { label: "Error", tone: "critical" };
    default:
      return unreachable("timeline level", level);
  }
}
