import type { BadgeProps } from "@shopify/polaris";
import type { Tone } from "./order-looks";

/** Polaris takes our tones by name; `neutral` is its default (no tone). */
export function polarisTone(tone: Tone): BadgeProps["tone"] {
  return tone === "neutral" ? undefined : tone;
}
