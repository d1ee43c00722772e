import { useActionData, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { SkuMappingActionResult } from "../.server/admin/sku-mapping-answers";
import type { SkuMappingsData } from "../.server/admin/sku-mappings";

/** One shop SKU row of the add or edit form (a bundle has several). */
export interface ComponentRow {
  sku: string;
  quantity: string;
}

/** The add form's and the edit form's shop SKU rows: a plain mapping has one, a bundle several. */
export function useComponentRows(initial: ComponentRow[] = [{ sku: "", quantity: "1" }]) {
  const [rows, setRows] = useState<ComponentRow[]>(initial);
  return {
    rows,
    setRow: (i: number, patch: Partial<ComponentRow>) =>
      setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r))),
    addRow: () => setRows((rs) => [...rs, { sku: "", quantity: "1" }]),
    removeRow: (i: number) => setRows((rs) => (rs.length > 1 ? rs.filter((_, k) => k !== i) : rs)),
    reset: (to: ComponentRow[] = [{ sku: "", quantity: "1" }]) => setRows(to),
    filled: rows.some((r) => r.sku.trim()),
  };
}

/**
 * What both SKU mappings pages (app.sku-mappings.tsx, bc.sku-mappings.tsx) keep in hand: the loader's data, the
 * last answer, the mapping being edited, and the last post, so "Map anyway" can send it again with confirm=1 when
 * the server asked for a confirmation (the shop sells the marketplace SKU itself).
 */
export function useSkuMappingsPage() {
  const data = useLoaderData<SkuMappingsData>();
  const actionData = useActionData<SkuMappingActionResult>();
  const navigation = useNavigation();
  const location = useLocation();
  const submit = useSubmit();
  const [editing, setEditing] = useState<number | null>(null);
  const editRows = useComponentRows();
  const addRows = useComponentRows();
  const [marketplaceSku, setMarketplaceSku] = useState("");
  // Saved: the add form starts over, and an edit is done.
  const saved = actionData?.tone === "success" ? actionData : undefined;
  useEffect(() => {
    if (!saved) return;
    addRows.reset();
    setMarketplaceSku("");
    setEditing(null);
  }, [saved]);
  const [lastPost, setLastPost] = useState<{ form: FormData; multipart: boolean } | null>(null);
  const pageUrl = (page: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(page));
    return `${location.pathname}?${params.toString()}`;
  };
  return {
    ...data,
    actionData,
    search: location.search,
    editing,
    /** The add form's marketplace SKU and shop SKU rows. */
    marketplaceSku,
    setMarketplaceSku,
    addRows,
    stopEditing: () => setEditing(null),
    /** The edit form's rows, filled with the mapping's shop SKUs when its Edit is pressed. */
    editRows,
    startEditing: (m: { id: number; components: readonly { sku: string; quantity: number }[] }) => {
      editRows.reset(m.components.map((c) => ({ sku: c.sku, quantity: String(c.quantity) })));
      setEditing(m.id);
    },
    busy: (intent: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent,
    fieldError: (field: string) => (actionData?.field === field ? actionData.message : undefined),
    /** For a Form's onSubmit: remembers what was posted. */
    remember: (multipart: boolean) => (e: React.FormEvent<HTMLFormElement>) =>
      setLastPost({ form: new FormData(e.currentTarget), multipart }),
    confirmLast: () => {
      if (!lastPost) return;
      const form = new FormData();
      for (const [k, v] of lastPost.form.entries()) if (k !== "confirm") form.append(k, v);
      form.set("confirm", "1");
      submit(form, { method: "post", encType: lastPost.multipart ? "multipart/form-data" : undefined });
    },
    previousPage: data.page > 1 ? pageUrl(data.page - 1) : null,
    nextPage: data.page < data.pages ? pageUrl(data.page + 1) : null,
    exportUrl: `${location.pathname}/export${location.search}`,
  };
}
