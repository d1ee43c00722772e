import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import type { TimelineLevel } from "#db/schema/timeline-events.ts";
import { DateTime } from "./date-time";
import { timelineLevelLook } from "./order-looks";
import { polarisTone } from "./polaris-tone";

export interface TimelineItem {
  id: number;
  kind: string;
  level: TimelineLevel;
  message: string;
  createdAt: string;
}

/** Every step that happened to an order, oldest first, newest last. */
export function Timeline({ events }: { events: readonly TimelineItem[] }) {
  if (events.length === 0) {
    return (
      <Text as="p" tone="subdued">
        Nothing has happened to this order yet.
      </Text>
    );
  }
  return (
    <ol aria-label="Timeline" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {events.map((e, i) => {
        const { label, tone } = timelineLevelLook(e.level);
        return (
          <li key={e.id} data-timeline-kind={e.kind} data-timeline-level={e.level}>
            <Box paddingBlock="300" borderBlockStartWidth={i === 0 ? undefined : "025"} borderColor="border-secondary">
              <InlineStack gap="300" wrap={false} blockAlign="start">
                <Box minWidth="76px">
                  <Badge tone={polarisTone(tone)}>{label}</Badge>
                </Box>
                <BlockStack gap="100">
                  <Text as="p">{e.message}</Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    <DateTime value={e.createdAt} withSeconds /> · {e.kind}
                  </Text>
                </BlockStack>
              </InlineStack>
            </Box>
          </li>
        );
      })}
    </ol>
  );
}
