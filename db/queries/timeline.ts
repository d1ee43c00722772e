import { and, asc, eq, inArray } from "drizzle-orm";
import type { StoredTimelineData, TimelineKind, TimelineNames, TypedTimelineEvent } from "../schema/timeline-kinds";
import type { DbOrTx } from "../client";
import { orders, shops, timelineEvents, type TimelineLevel } from "../schema";

export type TimelineEvent = typeof timelineEvents.$inferSelect;

/** One event to add: a typed kind with its data (see db/schema/timeline-kinds.ts). */
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
 * Stores one typed event with its sentence, rendered by the caller (app/.server/services/add-timeline-event.ts
 * renders it from the kind, the data and the order's names; db/ words nothing).
 */
export function insertTimelineEvent(db: DbOrTx, e: NewTimelineEvent & { message: string }): void {
  db.insert(timelineEvents)
    .values({
      shopId: e.shopId,
      orderId: e.orderId,
      kind: e.kind,
      level: e.level ?? "info",
      message: e.message,
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
export type FoundTimelineEvent<K extends TimelineKind> = Omit<TimelineEvent, "kind" | "data"> & {
  kind: K;
  data: StoredTimelineData<K>;
};

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
      .where(
        and(
          eq(timelineEvents.shopId, shopId),
          eq(timelineEvents.orderId, orderId),
          inArray(timelineEvents.kind, [...kinds]),
        ),
      )
      .orderBy(asc(timelineEvents.id))
      .all() as FoundTimelineEvent<K>[]
  ).find((e) => matches(e.data));
}
