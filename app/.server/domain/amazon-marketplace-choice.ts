/**
 * Which of an Amazon seller's marketplaces an account imports. Pure. The options are the participations the Sellers
 * API listed at connect time (kept in the account's settings); the merchant chooses among those the seller still
 * participates in, at least one.
 */

export interface MarketplaceOption {
  id: string;
  /** "Amazon.com", "Amazon.ca"... */
  name: string;
  participating: boolean;
}

export interface MarketplaceChoice {
  chosen: string[];
  options: MarketplaceOption[];
}

/** The choice as stored on an Amazon account's settings; null when the settings hold no participations. */
export function marketplaceChoiceOf(settings: Record<string, unknown>): MarketplaceChoice | null {
  const list = settings.participations;
  if (!Array.isArray(list)) return null;
  const options: MarketplaceOption[] = [];
  for (const p of list as unknown[]) {
    if (!p || typeof p !== "object") continue;
    const { marketplaceId, name, isParticipating } = p as Record<string, unknown>;
    if (typeof marketplaceId !== "string" || !marketplaceId) continue;
    options.push({
      id: marketplaceId,
      name: typeof name === "string" && name ? name : marketplaceId,
      participating: isParticipating === true,
    });
  }
  if (!options.length) return null;
  const chosen = Array.isArray(settings.marketplaceIds)
    ? (settings.marketplaceIds as unknown[]).filter((id): id is string => typeof id === "string")
    : [];
  return { chosen, options };
}

/** The posted choice (ids, comma-separated): each a marketplace the seller participates in, at least one; else null. */
export function parseMarketplaceChoice(value: string, options: readonly MarketplaceOption[]): string[] | null {
  const ids = [
    ...new Set(
      value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  const participating = new Set(options.filter((o) => o.participating).map((o) => o.id));
  if (ids.length === 0 || ids.some((id) => !participating.has(id))) return null;
  // In the options' order, so the stored list does not depend on the order of the checkboxes.
  return options.filter((o) => ids.includes(o.id)).map((o) => o.id);
}
