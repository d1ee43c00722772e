/**
 * The Orders list keeps its view (status, search, page) in the query string, so links, Back and the detail
 * page's "Orders" all lead to the same view. Shared by the Shopify and BigCommerce admin UIs.
 */

/** The current search params with some changed (null or "" removes); back to page 1 unless `page` is given. */
export function withParams(current: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  next.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") next.delete(k);
    else next.set(k, v);
  }
  const s = next.toString();
  return s ? `?${s}` : "";
}

/** "1–25 of 80" when filtered or paged, else "80 orders"; both admin UIs label their pagination so. */
export function pageRangeLabel(p: { page: number; pageSize: number; total: number; filtered: boolean }): string {
  const from = p.total === 0 ? 0 : (p.page - 1) * p.pageSize + 1;
  const to = Math.min(p.total, p.page * p.pageSize);
  return p.filtered || p.total > p.pageSize ? `${from}–${to} of ${p.total}` : `${p.total} orders`;
}
