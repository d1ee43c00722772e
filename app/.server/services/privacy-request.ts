import { getOrderLines } from "#db/queries/orders.ts";
import { findCustomerOrders } from "#db/queries/personal-data.ts";
import { completePrivacyRequest, getPrivacyRequest, insertPrivacyRequest } from "#db/queries/privacy-requests.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import type { DbOrTx } from "#db/client.ts";
import type { PrivacyRequestKind, PrivacyRequestSubject } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { enqueueJob } from "../jobs/enqueue";
import { ERASED_CUSTOMER_NAME } from "../messages/en/privacy";
import { buildCustomerDataExport } from "../privacy/customer-data-export";
import { addTimelineEvent } from "./add-timeline-event";
import { eraseBuyerOfOrders } from "./erase-buyer";

/**
 * A customer's privacy request to the shop (Shopify `customers/data_request` and `customers/redact`;
 * docs/decisions/023). The webhook records it with whom it names and enqueues its job, in one transaction, and
 * answers at once; the job makes the export or the erasure, in one transaction, and then forgets whom the request
 * named. The customer's orders are the shop's orders of the platform's order ids and those whose buyer has the
 * request's email (the platform's customer id is not one we hold).
 */
export function receivePrivacyRequest(
  ctx: AppContext,
  tx: DbOrTx,
  p: { shopId: number; kind: PrivacyRequestKind; externalId: string; subject: PrivacyRequestSubject },
): number | null {
  const id = insertPrivacyRequest(tx, p);
  if (id !== null) enqueueJob(ctx, tx, "privacy-request", { privacyRequestId: id }, { shopId: p.shopId });
  return id;
}

export function runPrivacyRequest(
  ctx: AppContext,
  shopId: number,
  privacyRequestId: number,
  now = new Date(),
): { outcome: "exported" | "erased" | "already_done" | "gone"; orders: number } {
  return ctx.db.transaction((tx) => {
    const request = getPrivacyRequest(tx, shopId, privacyRequestId);
    if (!request) return { outcome: "gone" as const, orders: 0 };
    if (request.status === "completed" || !request.subject) return { outcome: "already_done" as const, orders: 0 };
    const subject = request.subject;
    const orders = findCustomerOrders(tx, shopId, { shopOrderIds: subject.shopOrderIds, email: subject.email });
    const orderIds = orders.map((o) => o.id);
    if (request.kind === "customer_redact") {
      eraseBuyerOfOrders(tx, {
        shopId,
        orders,
        alsoNamed: [subject.email, subject.phone],
        buyerName: ERASED_CUSTOMER_NAME,
        requestedBy: "shop",
        at: now,
      });
      completePrivacyRequest(tx, shopId, request.id, { orderIds, exportData: null, at: now });
      return { outcome: "erased" as const, orders: orders.length };
    }
    const exported = buildCustomerDataExport(
      { id: subject.customerId, email: subject.email, phone: subject.phone },
      orders.map((o) => ({
        ...o,
        lines: getOrderLines(tx, shopId, o.id),
        shipments: listShipmentsForOrder(tx, shopId, o.id),
        timeline: listTimeline(tx, shopId, o.id),
      })),
      now,
    );
    completePrivacyRequest(tx, shopId, request.id, {
      orderIds,
      exportData: exported as unknown as Record<string, unknown>,
      at: now,
    });
    for (const o of orders) {
      addTimelineEvent(tx, {
        shopId,
        orderId: o.id,
        kind: "order.customer_data_requested",
        level: "info",
        data: { privacyRequestId: request.id },
      });
    }
    return { outcome: "exported" as const, orders: orders.length };
  });
}
