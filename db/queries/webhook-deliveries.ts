import type { DbOrTx } from "../client";
import { webhookDeliveries, type Platform } from "../schema";

/** Records a delivery; returns false when this delivery id was already recorded (a duplicate). */
export function recordWebhookDelivery(
  db: DbOrTx,
  p: {
    shopId: number;
    platform: Platform;
    deliveryId: string;
    topic: string;
    payload: unknown;
    triggeredAt: Date | null;
  },
): boolean {
  const row = db
    .insert(webhookDeliveries)
    .values(p)
    .onConflictDoNothing({ target: [webhookDeliveries.platform, webhookDeliveries.deliveryId] })
    .returning({ id: webhookDeliveries.id })
    .get();
  return Boolean(row);
}
