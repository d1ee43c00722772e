import { and, asc, eq, gte, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { orders, shipmentLines, shipments, type ShipmentExportStatus } from "../schema";

export type Shipment = typeof shipments.$inferSelect;
export type ShipmentLine = typeof shipmentLines.$inferSelect;
export type ShipmentWithLines = Shipment & { lines: ShipmentLine[] };

export interface RecordShipmentParams {
  shopId: number;
  orderId: number;
  shopFulfillmentId: string;
  carrierName: string | null;
  trackingNumber: string | null;
  shippedAt: Date;
  /** How new the event's facts are (ShopFulfillmentEvent.updatedAt); null when it carries no time. */
  shopUpdatedAt: Date | null;
  lines: { orderLineId: number; quantity: number }[];
}

export interface RecordShipmentResult {
  shipment: Shipment;
  created: boolean;
  trackingChanged: boolean;
  /** The row was last changed by a newer event than this one, which was therefore not applied. */
  stale: boolean;
}

/**
 * Records a package from the shop (unique on shop + platform fulfillment id). A second event for the same
 * fulfillment updates carrier/tracking; `trackingChanged` tells whether there is something new to export. An event
 * older than the one the row was last changed by (both times known, this one earlier) changes nothing and is `stale`:
 * webhooks arrive in any order. At equal times, or when either time is unknown, the later arrival wins, as before
 * times were kept (Shopify's times are whole seconds, and a create and its update within one second are in order far
 * more often than not).
 */
export function recordShipment(tx: DbOrTx, p: RecordShipmentParams): RecordShipmentResult {
  const existing = tx
    .select()
    .from(shipments)
    .where(and(eq(shipments.shopId, p.shopId), eq(shipments.shopFulfillmentId, p.shopFulfillmentId)))
    .get();
  if (existing) {
    const unchanged = { shipment: existing, created: false, trackingChanged: false };
    if (existing.shopUpdatedAt && p.shopUpdatedAt && p.shopUpdatedAt < existing.shopUpdatedAt)
      return { ...unchanged, stale: true };
    const newer = p.shopUpdatedAt && (!existing.shopUpdatedAt || p.shopUpdatedAt > existing.shopUpdatedAt);
    const trackingChanged = existing.trackingNumber !== p.trackingNumber || existing.carrierName !== p.carrierName;
    if (!trackingChanged) {
      // Nothing to export, but the row's facts are now this new: an event older than this one is stale.
      if (!newer) return { ...unchanged, stale: false };
      const row = tx
        .update(shipments)
        .set({ shopUpdatedAt: p.shopUpdatedAt })
        .where(eq(shipments.id, existing.id))
        .returning()
        .get();
      return { ...unchanged, shipment: row ?? existing, stale: false };
    }
    const row = tx
      .update(shipments)
      .set({
        carrierName: p.carrierName,
        trackingNumber: p.trackingNumber,
        ...(newer ? { shopUpdatedAt: p.shopUpdatedAt } : {}),
        updatedAt: new Date(),
      })
      .where(eq(shipments.id, existing.id))
      .returning()
      .get();
    return { shipment: row ?? existing, created: false, trackingChanged: true, stale: false };
  }
  const row = tx
    .insert(shipments)
    .values({
      shopId: p.shopId,
      orderId: p.orderId,
      shopFulfillmentId: p.shopFulfillmentId,
      carrierName: p.carrierName,
      trackingNumber: p.trackingNumber,
      shippedAt: p.shippedAt,
      shopUpdatedAt: p.shopUpdatedAt,
    })
    .returning()
    .get();
  if (!row) throw new Error("recordShipment: no row");
  for (const l of p.lines)
    tx.insert(shipmentLines)
      .values({ shipmentId: row.id, ...l })
      .run();
  return { shipment: row, created: true, trackingChanged: true, stale: false };
}

export function getShipment(db: DbOrTx, shopId: number, shipmentId: number): ShipmentWithLines | undefined {
  const s = db
    .select()
    .from(shipments)
    .where(and(eq(shipments.id, shipmentId), eq(shipments.shopId, shopId)))
    .get();
  if (!s) return undefined;
  const lines = db
    .select()
    .from(shipmentLines)
    .where(eq(shipmentLines.shipmentId, s.id))
    .orderBy(asc(shipmentLines.id))
    .all();
  return { ...s, lines };
}

export function listShipmentsForOrder(db: DbOrTx, shopId: number, orderId: number): Shipment[] {
  return db
    .select()
    .from(shipments)
    .where(and(eq(shipments.shopId, shopId), eq(shipments.orderId, orderId)))
    .orderBy(asc(shipments.id))
    .all();
}

export function setShipmentExportStatus(
  tx: DbOrTx,
  shopId: number,
  shipmentId: number,
  p: {
    status: ShipmentExportStatus;
    error?: string | null;
    carrierCode?: string | null;
    marketplaceShipmentId?: string | null;
  },
): void {
  tx.update(shipments)
    .set({
      exportStatus: p.status,
      lastError: p.error ?? null,
      ...(p.carrierCode !== undefined ? { exportedCarrierCode: p.carrierCode } : {}),
      ...(p.marketplaceShipmentId !== undefined ? { marketplaceShipmentId: p.marketplaceShipmentId } : {}),
      ...(p.status === "exported" ? { exportedAt: new Date(), marketplaceVerifiedAt: null } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(shipments.id, shipmentId), eq(shipments.shopId, shopId)))
    .run();
}

/**
 * The account's exported packages not yet read back from the marketplace, exported within [exportedAfter,
 * exportedBefore], oldest first: what the reconciliation checks the marketplace really holds.
 */
export function listExportsToVerify(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  p: { exportedAfter: Date; exportedBefore: Date; limit: number },
): Shipment[] {
  return db
    .select({ shipment: shipments })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(
      and(
        eq(shipments.shopId, shopId),
        eq(orders.accountId, accountId),
        eq(shipments.exportStatus, "exported"),
        isNull(shipments.marketplaceVerifiedAt),
        gte(shipments.exportedAt, p.exportedAfter),
        lte(shipments.exportedAt, p.exportedBefore),
      ),
    )
    .orderBy(asc(shipments.exportedAt))
    .limit(p.limit)
    .all()
    .map((r) => r.shipment);
}

/** The marketplace holds the package (read back after its export). */
export function markShipmentVerified(tx: DbOrTx, shopId: number, shipmentId: number, at = new Date()): void {
  tx.update(shipments)
    .set({ marketplaceVerifiedAt: at })
    .where(and(eq(shipments.id, shipmentId), eq(shipments.shopId, shopId)))
    .run();
}
