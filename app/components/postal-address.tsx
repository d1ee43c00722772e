import { BlockStack, Text } from "@shopify/polaris";
import type { PostalAddress as Address } from "#connectors/types.ts";
import { addressLines } from "./address-lines";

/** A shipping address, one line per part, blank parts left out. */
export function PostalAddress({ address }: { address: Address | null }) {
  if (!address) {
    return (
      <Text as="p" tone="subdued">
        No shipping address
      </Text>
    );
  }
  const lines = addressLines(address);
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
