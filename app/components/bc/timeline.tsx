import { Badge, Box, Flex, Small, Text } from "@bigcommerce/big-design";
import { DateTime } from "../date-time";
import { timelineLevelLook } from "../order-looks";
import type { TimelineItem } from "../timeline";
import { badgeVariant } from "./tone";

/** Every step that happened to an order, oldest first, newest last. */
export function Timeline({ events }: { events: readonly TimelineItem[] }) {
  if (events.length === 0) return <Text color="secondary60">Nothing has happened to this order yet.</Text>;
  return (
    <ol aria-label="Timeline" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {events.map((e, i) => {
        const { label, tone } = timelineLevelLook(e.level);
        return (
          <li key={e.id} data-timeline-kind={e.kind} data-timeline-level={e.level}>
            <Box paddingVertical="small" borderTop={i === 0 ? undefined : "box"}>
              <Flex flexDirection="row" flexGap="1rem" alignItems="flex-start">
                <Box style={{ minWidth: "5rem" }}>
                  <Badge label={label} variant={badgeVariant(tone)} />
                </Box>
                <Box>
                  <Text marginBottom="none">{e.message}</Text>
                  <Small marginBottom="none">
                    <DateTime value={e.createdAt} withSeconds /> · {e.kind}
                  </Small>
                </Box>
              </Flex>
            </Box>
          </li>
        );
      })}
    </ol>
  );
}
