import type { BadgeProps, MessageProps } from "@bigcommerce/big-design";
import type { Tone } from "../order-looks";

/** Our neutral tones as BigDesign badge variants (BigDesign has no separate "attention": it is a warning). */
export function badgeVariant(tone: Tone): NonNullable<BadgeProps["variant"]> {
  switch (tone) {
    case "neutral":
      return "secondary";
    case "info":
      return "primary";
    case "attention":
    case "warning":
      return "warning";
    case "success":
      return "success";
    case "critical":
      return "danger";
    default: {
      const unreachable: never = tone;
      throw new Error(`Unknown tone ${String(unreachable)}`);
    }
  }
}

/** The tone of an action's result as a BigDesign message type. */
export function messageType(tone: "success" | "info" | "critical"): NonNullable<MessageProps["type"]> {
  return tone === "critical" ? "error" : tone;
}
