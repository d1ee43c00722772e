import { BlockStack, Text } from "@shopify/polaris";
import type { PostalAddress as Address } from "../../connectors/types";

/** A shipping address, one line per part, blank parts left out. */
export function PostalAddress({ address }: { address: Address | null }) {
  if (!address) {
    return (
      <Text as="p" tone="subdued">
        No shipping address
      </Text>
    );
  }
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const lines = [address.name, address.company, address.line1, address.line2, address.line3, cityLine, address.countryCode, address.phone].filter(
    (l): l is string => Boolean(l && l.trim()),
  );
  return (
    <BlockStack gap="050">
      {lines.map((l, i) => (
        <Text as="p" key={i}>
          {l}
        </Text>
      ))}
    </BlockStack>
  );
}
