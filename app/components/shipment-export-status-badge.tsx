import { Badge, type BadgeProps } from "@shopify/polaris";
import type { ShipmentExportStatus } from "../../db/schema/shipments";

/** Where a shipment stands in being sent back to the marketplace. Exhaustive over the export statuses. */
function look(status: ShipmentExportStatus): { label: string; tone?: BadgeProps["tone"] } {
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
      return { label: "Not exported" };
    default: {
      const unreachable: never = status;
      throw new Error(`Unknown export status ${String(unreachable)}`);
    }
  }
}

export function ShipmentExportStatusBadge({ status }: { status: ShipmentExportStatus }) {
  const { label, tone } = look(status);
  return <Badge tone={tone}>{label}</Badge>;
}
