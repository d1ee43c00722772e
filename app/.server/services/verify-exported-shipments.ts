import type { DbOrTx } from "#db/client.ts";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { getOrderWithLines } from "#db/queries/orders.ts";
import {
  getShipment,
  listExportsToVerify,
  markShipmentVerified,
  setShipmentExportStatus,
} from "#db/queries/shipments.ts";
import type { AppContext } from "../context";
import { classifyError, isAuthorizationRefusedError } from "../errors";
import { addTimelineEvent } from "./add-timeline-event";
import { confirmationOf } from "./export-shipment";

/** How far back (by export time) the reconciliation reads packages back from the marketplace. */
export const VERIFY_EXPORTS_WINDOW_MS = 48 * 3_600_000;
/** Packages read back per account and run (the oldest first); the rest wait for the next run. */
export const MAX_EXPORTS_VERIFIED_PER_RUN = 50;

export interface VerifyResult {
  /** Read back and held by the marketplace. */
  verified: number;
  /** Not held: sent again and accepted. */
  resent: number;
  /** Not held, and sending again failed: the next run tries again. */
  resendFailed: number;
  /** The marketplace could not be read: the next run asks again. */
  unknown: number;
}

/** Whether a package exported then is due for its read-back now (it had time to show on the marketplace). */
function exportWindow(env: Pick<AppContext["env"], "VERIFY_EXPORTS_AFTER_SECONDS">, now: Date) {
  return {
    exportedAfter: new Date(now.getTime() - VERIFY_EXPORTS_WINDOW_MS),
    exportedBefore: new Date(now.getTime() - env.VERIFY_EXPORTS_AFTER_SECONDS * 1000),
  };
}

/** Whether the account has exported packages due for a read-back (the reconciliation then queues the job). */
export function hasExportsToVerify(
  db: DbOrTx,
  env: Pick<AppContext["env"], "VERIFY_EXPORTS_AFTER_SECONDS">,
  shopId: number,
  accountId: number,
  now = new Date(),
): boolean {
  return listExportsToVerify(db, shopId, accountId, { ...exportWindow(env, now), limit: 1 }).length > 0;
}

/**
 * The `verify-exported-shipments` job (queued by the reconciliation): an answer that said "accepted" is not the
 * end of it. Each package of the account exported in the last 48 hours (and at least VERIFY_EXPORTS_AFTER_SECONDS
 * ago) is read back from the marketplace (the connector's hasShipment). Held: marked verified. Not held: sent again
 * at once (the marketplace recognises our package reference, so a package it does have is not doubled), and the
 * timeline says so; a package is sent again at most once, then counts as verified. A marketplace that cannot be
 * read is asked again next run; a refused authorisation parks the job like any other.
 */
export async function verifyExportedShipments(
  ctx: AppContext,
  shopId: number,
  accountId: number,
  now = new Date(),
): Promise<VerifyResult> {
  const result: VerifyResult = { verified: 0, resent: 0, resendFailed: 0, unknown: 0 };
  const account = getAccount(ctx.db, shopId, accountId);
  if (!account || !account.enabled || account.authLostAt) return result;
  const due = listExportsToVerify(ctx.db, shopId, accountId, {
    ...exportWindow(ctx.env, now),
    limit: MAX_EXPORTS_VERIFIED_PER_RUN,
  });
  for (const row of due) {
    const shipment = getShipment(ctx.db, shopId, row.id);
    const order = shipment && getOrderWithLines(ctx.db, shopId, shipment.orderId);
    if (!shipment || !order || !shipment.trackingNumber) continue;
    const trackingNumber = shipment.trackingNumber;
    const { connector, input } = confirmationOf(ctx, account, order, { ...shipment, trackingNumber });
    let held: boolean;
    try {
      held = await connector.hasShipment(input);
    } catch (e) {
      if (isAuthorizationRefusedError(e)) throw e;
      ctx.logger.warn("exported package could not be read back", { shopId, shipmentId: shipment.id, error: String(e) });
      result.unknown++;
      continue;
    }
    if (held) {
      markShipmentVerified(ctx.db, shopId, shipment.id, now);
      result.verified++;
      continue;
    }
    const base = { shopId, orderId: order.id, level: "warning" as const };
    try {
      const sent = await connector.confirmShipment(input);
      ctx.db.transaction((tx) => {
        setShipmentExportStatus(tx, shopId, shipment.id, {
          status: "exported",
          carrierCode: input.carrier.code,
          marketplaceShipmentId: sent.marketplaceShipmentId,
        });
        markShipmentVerified(tx, shopId, shipment.id, now);
        addTimelineEvent(tx, {
          ...base,
          kind: "shipment.missing_on_marketplace",
          data: { shipmentId: shipment.id, trackingNumber, resent: true },
        });
      });
      result.resent++;
    } catch (e) {
      if (isAuthorizationRefusedError(e)) throw e;
      addTimelineEvent(ctx.db, {
        ...base,
        kind: "shipment.missing_on_marketplace",
        data: { shipmentId: shipment.id, trackingNumber, resent: false, error: classifyError(e).message },
      });
      result.resendFailed++;
    }
  }
  if (due.length) ctx.logger.info("exported packages read back", { shopId, accountId, ...result });
  return result;
}
