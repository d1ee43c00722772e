import { Badge } from "@shopify/polaris";
import type { ShipmentExportStatus } from "#db/schema/shipments.ts";
import { shipmentExportStatusLook } from "./order-looks";
import { polarisTone } from "./polaris-tone";

export function ShipmentExportStatusBadge({ status }: { status: ShipmentExportStatus }) {
  const { label, tone } = shipmentExportStatusLook(status);
  return <Badge tone={polarisTone(tone)}>{label}</Badge>;
}
