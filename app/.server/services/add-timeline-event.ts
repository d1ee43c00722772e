import { insertTimelineEvent, timelineNamesOf, type NewTimelineEvent } from "#db/queries/timeline.ts";
import type { DbOrTx } from "#db/client.ts";
import { timelineMessage } from "../messages/en/timeline";

/**
 * Puts one step on the order's timeline: the kind, its data, and the English sentence rendered from them and the
 * order's names (its marketplace, its shop's platform, read in the same transaction), which older rows have alone
 * and the pages show. A kind not in TIMELINE_KINDS, or data not that kind's, fails typecheck. The order must be
 * the shop's.
 */
export function addTimelineEvent(db: DbOrTx, e: NewTimelineEvent): void {
  const names = timelineNamesOf(db, e.shopId, e.orderId);
  if (!names) throw new Error(`Order ${e.orderId} of shop ${e.shopId} does not exist; no timeline event ${e.kind}`);
  insertTimelineEvent(db, { ...e, message: timelineMessage(e, names) });
}
