import { Message } from "@bigcommerce/big-design";
import { useActionData } from "@remix-run/react";
import { useState } from "react";
import type { OrderActionResult } from "#app/.server/admin/order-detail.ts";
import { messageType } from "./tone";

/** What the page's last form post answered (BigDesign), until the merchant closes it. */
export function ActionResultMessage() {
  const actionData = useActionData<OrderActionResult>();
  const [dismissed, setDismissed] = useState<OrderActionResult | undefined>(undefined);
  if (!actionData || actionData === dismissed) return null;
  return (
    <Message
      type={messageType(actionData.tone)}
      marginBottom="medium"
      messages={[{ text: actionData.message }]}
      onClose={() => setDismissed(actionData)}
    />
  );
}
