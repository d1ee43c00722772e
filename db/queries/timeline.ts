import { and, asc, eq } from "drizzle-orm";
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
