import { and, asc, eq, inArray } from "drizzle-orm";
import type { StoredTimelineData, TimelineKind, TimelineNames, TypedTimelineEvent } from "../../app/.server/domain/timeline-events";
import { timelineMessage } from "../../app/.server/messages/en/timeline";
import type { DbOrTx } from "../client";
import { orders, shops, timelineEvents, type TimelineLevel } from "../schema";

export type TimelineEvent = typeof timelineEvents.$inferSelect;

/** One event to add: a typed kind with its data (see app/.server/domain/timeline-events.ts). */
export type NewTimelineEvent = {
  shopId: number;
  orderId: number;
  level?: TimelineLevel;
} & TypedTimelineEvent;

/** The names the order's sentences say: its marketplace and its shop's platform. */
export function timelineNamesOf(db: DbOrTx, shopId: number, orderId: number): TimelineNames | undefined {
  return db
    .select({ marketplace: orders.marketplace, platform: shops.platform })
    .from(orders)
    .leftJoin(shops, eq(shops.id, orders.shopId))
    .where(and(eq(orders.shopId, shopId), eq(orders.id, orderId)))
    .get();
}

/**
 * Stores the kind, its data, and the English sentence rendered from them and the order's names (what older rows
 * and the pages read). The order must be the shop's.
 */
export function addTimelineEvent(db: DbOrTx, e: NewTimelineEvent): void {
  const names = timelineNamesOf(db, e.shopId, e.orderId);
  if (!names) throw new Error(`Order ${e.orderId} of shop ${e.shopId} does not exist; no timeline event ${e.kind}`);
  db.insert(timelineEvents)
    .values({
      shopId: e.shopId,
      orderId: e.orderId,
      kind: e.kind,
      level: e.level ?? "info",
      message: timelineMessage(e, names),
      data: e.data as Record<string, unknown>,
      createdAt: new Date(),
    })
    .run();
}

export function listTimeline(db: DbOrTx, shopId: number, orderId: number): TimelineEvent[] {
  return db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.shopId, shopId), eq(timelineEvents.orderId, orderId)))
    .orderBy(asc(timelineEvents.id))
    .all();
}

/** A stored event of one of these kinds, its data typed as far as a row of that kind is known to hold it. */
export type FoundTimelineEvent<K extends TimelineKind> = Omit<TimelineEvent, "kind" | "data"> & { kind: K; data: StoredTimelineData<K> };

/** The order's first event of one of these kinds whose data matches (e.g. "said once per shipment" checks). */
export function findTimelineEvent<K extends TimelineKind>(
  db: DbOrTx,
  shopId: number,
  orderId: number,
  kinds: readonly K[],
  matches: (data: StoredTimelineData<K>) => boolean,
): FoundTimelineEvent<K> | undefined {
  return (
    db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.shopId, shopId), eq(timelineEvents.orderId, orderId), inArray(timelineEvents.kind, [...kinds])))
      .orderBy(asc(timelineEvents.id))
      .all() as FoundTimelineEvent<K>[]
  ).find((e) => matches(e.data));
}
