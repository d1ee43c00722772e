import { getTracking } from "ts-tracking-number";

/**
 * Carrier resolution, pure. The merchant's carrier name from the shop wins; when it is missing we detect the
 * carrier from the tracking number (check digits validated by ts-tracking-number). Connectors then map the
 * resulting name into their marketplace's code (connectors/<marketplace>/carriers.ts).
 */

export interface TrackingDetection {
  /** A carrier name as Shopify spells it, e.g. "UPS", "USPS", "FedEx", "Royal Mail". */
  carrierName: string;
  /** The detected service, e.g. "FedEx Express (12)". */
  service: string;
}

export function detectCarrier(trackingNumber: string): TrackingDetection | null {
  const t = getTracking(trackingNumber.replace(/\s+/g, "").toUpperCase());
  if (!t) return null;
  switch (t.courier.code) {
    case "ups":
      return { carrierName: "UPS", service: t.name };
    case "usps":
      return { carrierName: "USPS", service: t.name };
    case "fedex":
      return { carrierName: "FedEx", service: t.name };
    case "dhl":
      return { carrierName: "DHL Express", service: t.name };
    case "ontrac":
      return { carrierName: "OnTrac", service: t.name };
    case "amazon":
      return { carrierName: "Amazon Logistics US", service: t.name };
    case "s10": {
      // UPU S10: the last two letters name the issuing post; GB is Royal Mail.
      const country = trackingNumber.trim().slice(-2).toUpperCase();
      const posts: Record<string, string> = {
        GB: "Royal Mail",
        US: "USPS",
        CA: "Canada Post",
        AU: "Australia Post",
        DE: "Deutsche Post",
        FR: "La Poste",
      };
      return posts[country] ? { carrierName: posts[country], service: t.name } : null;
    }
    default:
      return null;
  }
}

export type CarrierResolution =
  { ok: true; carrierName: string; source: "shop" | "detected"; warning?: string } | { ok: false; reason: string };

/** Decides which carrier name to report for a package. */
export function resolveCarrierName(shopCarrierName: string | null, trackingNumber: string): CarrierResolution {
  const detected = detectCarrier(trackingNumber);
  const given = shopCarrierName?.trim();
  if (given) {
    const warning =
      detected &&
      normalise(detected.carrierName) !== normalise(given) &&
      !normalise(given).includes(normalise(detected.carrierName))
        ? `Tracking number looks like ${detected.carrierName} (${detected.service}) but the shop says ${given}; sending ${given}`
        : undefined;
    return { ok: true, carrierName: given, source: "shop", warning };
  }
  if (detected) return { ok: true, carrierName: detected.carrierName, source: "detected" };
  return {
    ok: false,
    reason: `No carrier was given in the shop and none could be detected from tracking number ${trackingNumber}`,
  };
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, "");
}
