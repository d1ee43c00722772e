import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { privacyRequests, type PrivacyRequestKind, type PrivacyRequestSubject } from "../schema";

export type PrivacyRequest = typeof privacyRequests.$inferSelect;

/** Records a request; returns its id, or null when this delivery was already recorded (a redelivery). */
export function insertPrivacyRequest(
  db: DbOrTx,
  p: { shopId: number; kind: PrivacyRequestKind; externalId: string; subject: PrivacyRequestSubject },
): number | null {
  const row = db
    .insert(privacyRequests)
    .values(p)
    .onConflictDoNothing({ target: [privacyRequests.shopId, privacyRequests.externalId] })
    .returning({ id: privacyRequests.id })
    .get();
  return row?.id ?? null;
}

export function getPrivacyRequest(db: DbOrTx, shopId: number, id: number): PrivacyRequest | undefined {
  return db
    .select()
    .from(privacyRequests)
    .where(and(eq(privacyRequests.shopId, shopId), eq(privacyRequests.id, id)))
    .get();
}

/** The shop's requests, newest first (for the merchant). */
export function listPrivacyRequests(db: DbOrTx, shopId: number, limit = 100): PrivacyRequest[] {
  return db
    .select()
    .from(privacyRequests)
    .where(eq(privacyRequests.shopId, shopId))
    .orderBy(desc(privacyRequests.createdAt), desc(privacyRequests.id))
    .limit(limit)
    .all();
}

/** Done: whom it named is no longer kept; the orders it was about (ids) and a data request's export are. */
export function completePrivacyRequest(
  db: DbOrTx,
  shopId: number,
  id: number,
  p: { orderIds: number[]; exportData: Record<string, unknown> | null; at: Date },
): void {
  db.update(privacyRequests)
    .set({ status: "completed", subject: null, orderIds: p.orderIds, exportData: p.exportData, completedAt: p.at })
    .where(and(eq(privacyRequests.shopId, shopId), eq(privacyRequests.id, id)))
    .run();
}

/** The shop's data requests whose export is still kept. */
export function listKeptExports(db: DbOrTx, shopId: number): Pick<PrivacyRequest, "id" | "orderIds" | "exportData">[] {
  return db
    .select({ id: privacyRequests.id, orderIds: privacyRequests.orderIds, exportData: privacyRequests.exportData })
    .from(privacyRequests)
    .where(
      and(
        eq(privacyRequests.shopId, shopId),
        eq(privacyRequests.kind, "customer_data_request"),
        isNotNull(privacyRequests.exportData),
      ),
    )
    .all();
}

/** A redaction of the customer reached this export: it is no longer kept. */
export function eraseExport(db: DbOrTx, shopId: number, id: number, at: Date): void {
  db.update(privacyRequests)
    .set({ exportData: null, erasedAt: at })
    .where(and(eq(privacyRequests.shopId, shopId), eq(privacyRequests.id, id)))
    .run();
}
