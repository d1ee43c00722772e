import type { Marketplace } from "#connectors/types.ts";
import type { JobType, Platform } from "#db/schema/index.ts";
import { marketplaceName, platformName } from "../../domain/marketplace-names";

/**
 * The admin's words for failed work (the Failed work page), English: what each kind of step does, in the
 * merchant's terms, and what a retry did. `marketplace` is the step's when it has one (its order's or account's).
 */
export function failedStepLabel(type: JobType, platform: Platform, marketplace: Marketplace | null): string {
  const shop = platformName(platform);
  const market = marketplace ? marketplaceName(marketplace) : "the marketplace";
  const labels: Record<JobType, string> = {
    "poll-account": `Import new orders from ${market}`,
    "create-shop-order": `Create the order in ${shop}`,
    "record-shop-fulfillment": `Record a shipment made in ${shop}`,
    "sync-shop-fulfillments": `Read the order's shipments in ${shop}`,
    "fetch-bigcommerce-shipments": `Read shipments made in ${shop}`,
    "export-shipment": `Send a shipment to ${market}`,
    "reconcile-shop": `Check ${shop} for shipments no webhook brought`,
    "cancel-shop-order": `Cancel the order in ${shop}`,
    "check-authorization": `Check that the authorisation is accepted again`,
    "verify-exported-shipments": `Check that ${market} holds the shipments sent to it`,
    "privacy-request": `Carry out a customer's privacy request from ${shop}`,
    "erase-shop": `Erase the store's data after the app was uninstalled`,
    "resume-stock-holds": `Create the orders held out of stock once ${shop} has the stock`,
  };
  return labels[type];
}

const steps = (n: number) => (n === 1 ? "1 step" : `${n} steps`);

/** What the merchant's Retry on failed work did. */
export function failedWorkRetriedText(requeued: number, skipped: number): string {
  const gone = skipped
    ? ` ${steps(skipped)} had already been retried or no longer failed, and ${skipped === 1 ? "was" : "were"} left as ${skipped === 1 ? "it was" : "they were"}.`
    : "";
  if (requeued === 0) return `Nothing was queued again.${gone}`;
  return `${steps(requeued)} queued again: ${requeued === 1 ? "it runs" : "they run"} in a moment, and this list shows what fails again.${gone}`;
}

export const FAILED_WORK_INPUT_ERRORS = {
  noneChosen: "Choose the failed steps to retry, or use Retry all.",
  tooMany: (max: number) => `Choose at most ${max} steps at a time, or use Retry all.`,
  badId: "A chosen step is not one of this list's.",
} as const;
