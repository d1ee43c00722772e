import { Text } from "@bigcommerce/big-design";
import type { PostalAddress as Address } from "#connectors/types.ts";
import { addressLines } from "../address-lines";

/** A shipping address, one line per part, blank parts left out. */
export function PostalAddress({ address }: { address: Address | null }) {
  if (!address) return <Text color="secondary60">No shipping address</Text>;
  return (
    <address style={{ fontStyle: "normal" }}>
      {addressLines(address).map((l, i) => (
        <Text key={i} marginBottom="none">
          {l}
        </Text>
      ))}
    </address>
  );
}
