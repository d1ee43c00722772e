import { useActionData } from "@remix-run/react";
import { Banner, Layout, Text } from "@shopify/polaris";
import { useState } from "react";
import type { OrderActionResult } from "../.server/admin/order-detail";

/** What the page's last form post answered (Polaris), until the merchant dismisses it. */
export function ActionResultBanner() {
  const actionData = useActionData<OrderActionResult>();
  const [dismissed, setDismissed] = useState<OrderActionResult | undefined>(undefined);
  if (!actionData || actionData === dismissed) return null;
  return (
    <Layout.Section>
      <Banner tone={actionData.tone} onDismiss={() => setDismissed(actionData)}>
        <Text as="p">{actionData.message}</Text>
      </Banner>
    </Layout.Section>
  );
}
