import { Badge, BlockStack, Box, InlineStack, Text, type BadgeProps } from "@shopify/polaris";
import type { TimelineLevel } from "../../db/schema/timeline-events";
import { DateTime } from "./date-time";

export interface TimelineItem {
  id: number;
  kind: string;
  level: TimelineLevel;
  message: string;
  createdAt: string;
}

/** Exhaustive over the timeline levels. */
function levelLook(level: TimelineLevel): { label: string; tone?: BadgeProps["tone"] } {
  switch (level) {
    case "info":
      return { label: "Info", tone: "info" };
    case "success":
      return { label: "Success", tone: "success" };
    case "warning":
      return { label: "Warning", tone: "warning" };
    case "error":
      return { label: "Error", tone: "critical" };
    default: {
      const unreachable: never = level;
      throw new Error(`Unknown timeline level ${String(unreachable)}`);
    }
  }
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
        const { label, tone } = levelLook(e.level);
        return (
          <li key={e.id} data-timeline-kind={e.kind} data-timeline-level={e.level}>
            <Box paddingBlock="300" borderBlockStartWidth={i === 0 ? undefined : "025"} borderColor="border-secondary">
              <InlineStack gap="300" wrap={false} blockAlign="start">
                <Box minWidth="76px">
                  <Badge tone={tone}>{label}</Badge>
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
