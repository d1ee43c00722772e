/** A package's carrier and tracking number as the timeline says them ("UPS 1Z…"); null without a tracking number. */
export function trackingText(carrierName: string | null, trackingNumber: string | null): string | null {
  return trackingNumber ? `${carrierName ?? "carrier not given"} ${trackingNumber}` : null;
}
