import { getPrivacyRequest, listPrivacyRequests } from "#db/queries/privacy-requests.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { privacyRequestSummary } from "../messages/en/privacy";

/**
 * The privacy requests page of the Shopify admin (app.privacy-requests.tsx; docs/decisions/023): the shop's
 * customer data requests and erasures, and the download of a data request's export, which the merchant passes on to
 * the customer. Every read is scoped by the shop the route authenticated. The list names no customer (a request's
 * subject is gone once it is done); only the export does.
 */
export function loadPrivacyRequests(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id">) {
  return {
    requests: listPrivacyRequests(ctx.db, shop.id).map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      summary: privacyRequestSummary(r),
      receivedAt: r.createdAt,
      completedAt: r.completedAt,
      hasExport: r.exportData !== null,
    })),
  };
}

export type PrivacyRequestsData = ReturnType<typeof loadPrivacyRequests>;

/** The export of one of the shop's data requests as a JSON download; 404 when there is none (any more). */
export function privacyRequestExportResponse(
  ctx: Pick<AppContext, "db">,
  shop: Pick<Shop, "id">,
  id: number,
): Response {
  const request = Number.isSafeInteger(id) ? getPrivacyRequest(ctx.db, shop.id, id) : undefined;
  if (!request?.exportData) return new Response("No export for this request", { status: 404 });
  return new Response(JSON.stringify(request.exportData, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="customer-data-request-${request.id}.json"`,
      "cache-control": "no-store",
    },
  });
}
