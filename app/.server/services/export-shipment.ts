import type { MarketplaceCarrier, MarketplaceConnector, ShipmentConfirmation } from "#connectors/types.ts";
import { getAccount, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import { addShippedUnits, getOrderWithLines, setFulfillmentStatus, type OrderWithLines } from "#db/queries/orders.ts";
import { getShipment, setShipmentExportStatus, type ShipmentWithLines } from "#db/queries/shipments.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { resolveCarrierName } from "../domain/carriers";
import { transition } from "../domain/fulfillment-status";
import { marketplaceName } from "../domain/marketplace-names";
import { StepError } from "../errors";

export type ExportOutcome = "exported" | "already_exported" | "waiting_for_tracking" | "withdrawn";

/**
 * Sends one package to the marketplace: resolve the carrier (shop's name, else detected from the tracking number),
 * map it to the marketplace's code, confirm, then record units and the new status in one transaction.
 * Exactly once: an exported shipment is never sent again, and the package reference is our shipment id,
 * so a retry after a lost answer is recognised by the marketplace.
 */
export async function exportShipment(ctx: AppContext, shopId: number, shipmentId: number): Promise<ExportOutcome> {
  const shipment = getShipment(ctx.db, shopId, shipmentId);
  if (!shipment) throw new StepError("shipment_missing", `Shipment ${shipmentId} does not exist`);
  if (shipment.exportStatus === "exported") return "already_exported";
  if (shipment.exportStatus === "skipped") return "withdrawn"; // taken back in the shop before it was sent
  const order = getOrderWithLines(ctx.db, shopId, shipment.orderId);
  if (!order) throw new StepError("order_missing", `Order ${shipment.orderId} does not exist`);
  const account = getAccount(ctx.db, shopId, order.accountId);
  if (!account) throw new StepError("account_missing", "The marketplace account was removed");
  const mName = marketplaceName(order.marketplace);
  if (order.fulfillmentStatus === "cancelled")
    throw new StepError("order_cancelled", `The order is cancelled on ${mName}; the shipment cannot be reported`);
  if (!shipment.trackingNumber) return "waiting_for_tracking";
  const trackingNumber = shipment.trackingNumber; // for the timeline, in the transaction below
  if (shipment.lines.length === 0)
    throw new StepError("no_lines", "The shipment has no lines of this marketplace order");

  const { connector, carrier, marketplaceCarrier, input } = confirmationOf(ctx, account, order, {
    ...shipment,
    trackingNumber,
  });
  const lines = input.lines;
  const result = await connector.confirmShipment(input);

  ctx.db.transaction((tx) => {
    setShipmentExportStatus(tx, shopId, shipment.id, {
      status: "exported",
      carrierCode: marketplaceCarrier.code,
      marketplaceShipmentId: result.marketplaceShipmentId,
    });
    addShippedUnits(tx, shopId, shipment.lines);
    const after = getOrderWithLines(tx, shopId, order.id)!;
    const unitsOrdered = after.lines.reduce((s, l) => s + l.quantity, 0);
    const unitsShipped = after.lines.reduce((s, l) => s + l.quantityShipped, 0);
    const from =
      after.fulfillmentStatus === "failed"
        ? transition("failed", { type: "step_retried", unitsOrdered, unitsShipped, awaitingTracking: false })
        : after.fulfillmentStatus;
    const status = transition(from, { type: "units_confirmed", unitsOrdered, unitsShipped });
    setFulfillmentStatus(tx, shopId, order.id, status);
    if (carrier.warning)
      addTimelineEvent(tx, {
        shopId,
        orderId: order.id,
        kind: "shipment.carrier_mismatch",
        level: "warning",
        data: { reason: carrier.warning },
      });
    addTimelineEvent(tx, {
      shopId,
      orderId: order.id,
      kind: "shipment.exported",
      level: "success",
      data: {
        shipmentId: shipment.id,
        carrierCode: marketplaceCarrier.code,
        carrierName: marketplaceCarrier.name,
        carrierSource: carrier.source,
        trackingNumber,
        units: lines.reduce((s, l) => s + l.quantity, 0),
        status,
      },
    });
  });
  return "exported";
}

/**
 * What confirming this package to the marketplace sends (the carrier resolved from the shop's name, else detected
 * from the tracking number, then mapped to the marketplace's code; the lines as the marketplace names them), and the
 * account's connector. The package reference is our shipment id: the marketplace recognises a package sent again.
 * Throws StepError for what no retry can fix (no carrier, a line gone).
 */
export function confirmationOf(
  ctx: AppContext,
  account: MarketplaceAccount,
  order: OrderWithLines,
  shipment: ShipmentWithLines & { trackingNumber: string },
): {
  connector: MarketplaceConnector;
  carrier: Extract<ReturnType<typeof resolveCarrierName>, { ok: true }>;
  marketplaceCarrier: MarketplaceCarrier;
  input: ShipmentConfirmation;
} {
  const carrier = resolveCarrierName(shipment.carrierName, shipment.trackingNumber);
  if (!carrier.ok) throw new StepError("carrier_unknown", carrier.reason);
  const connector = ctx.connectorFor(account);
  const marketplaceCarrier = connector.resolveCarrier(carrier.carrierName);
  const lines = shipment.lines.map((sl) => {
    const line = order.lines.find((l) => l.id === sl.orderLineId);
    if (!line) throw new StepError("line_missing", `Order line ${sl.orderLineId} is gone`);
    return { marketplaceLineId: line.marketplaceLineId, quantity: sl.quantity };
  });
  return {
    connector,
    carrier,
    marketplaceCarrier,
    input: {
      marketplaceOrderId: order.marketplaceOrderId,
      packageReference: String(shipment.id),
      carrier: marketplaceCarrier,
      trackingNumber: shipment.trackingNumber,
      shippedAt: shipment.shippedAt,
      lines,
      salesChannel: order.salesChannel,
      destinationCountry: order.shippingAddress?.countryCode ?? null,
    },
  };
}
