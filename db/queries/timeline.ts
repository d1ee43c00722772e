import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { timelineEvents, type TimelineLevel } from "../schema";

export type TimelineEvent = typeof timelineEvents.$inferSelect;

export interface NewTimelineEvent {
  shopId: number;
  orderId: number;
  kind: string;
  message: string;
  level?: TimelineLevel;
  data?: Record<string, unknown>;
}

export function addTimelineEvent(db: DbOrTx, e: NewTimelineEvent): void {
  db.insert(timelineEvents)
    .values({ ...e, level: e.level ?? "info", data: e.data ?? null, createdAt: new Date() })
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

/** The order's first event of one of these kinds whose data matches (e.g. "said once per shipment" checks). */
export function findTimelineEvent(
  db: DbOrTx,
  shopId: number,
  orderId: number,
  kinds: string[],
  matches: (data: Record<string, unknown> | null) => boolean,
): TimelineEvent | undefined {
  return db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.shopId, shopId), eq(timelineEvents.orderId, orderId), inArray(timelineEvents.kind, kinds)))
    .orderBy(asc(timelineEvents.id))
    .all()
    .find((e) => matches(e.data));
}
