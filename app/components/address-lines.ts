import type { PostalAddress } from "#connectors/types.ts";

/** A shipping address as display lines, one per part, blank parts left out. */
export function addressLines(address: PostalAddress): string[] {
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  return [
    address.name,
    address.company,
    address.line1,
    address.line2,
    address.line3,
    cityLine,
    address.countryCode,
    address.phone,
  ].filter((l): l is string => Boolean(l && l.trim()));
}
