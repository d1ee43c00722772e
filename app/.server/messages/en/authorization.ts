import type { Marketplace } from "#connectors/types.ts";
import type { Platform } from "#db/schema/index.ts";
import { marketplaceName } from "../../domain/marketplace-names";

/**
 * The admin's words for a refused authorisation (the banners of the Orders page), English. The work that waits is
 * counted by the caller; the reason is already merchant text (the check's own sentence).
 */

const PLATFORM_NAMES: Record<Platform, string> = { shopify: "Shopify", bigcommerce: "BigCommerce" };

function waiting(parked: number): string {
  if (parked === 0) return "Nothing is waiting yet";
  return parked === 1 ? "1 step is waiting" : `${parked} steps are waiting`;
}

export function shopAuthorizationLostNotice(platform: Platform, parked: number): { title: string; message: string } {
  const name = PLATFORM_NAMES[platform];
  return {
    title: `${name} no longer accepts OrderBridge's access to this store`,
    message: `${waiting(parked)}: orders are still imported from the marketplaces, but none is created in ${name} until OrderBridge is authorised again. Open OrderBridge from the ${name} admin to authorise it (or reinstall it); everything waiting then resumes by itself.`,
  };
}

export function accountAuthorizationLostNotice(
  marketplace: Marketplace,
  accountName: string,
  parked: number,
  reconnectable: boolean,
): { title: string; message: string } {
  const name = marketplaceName(marketplace);
  const how = reconnectable
    ? `Reconnect the account with the button below`
    : `Connect the account again with a new authorisation from ${name}`;
  return {
    title: `${name} (${accountName}) no longer accepts OrderBridge's authorisation`,
    message: `${waiting(parked)}: its orders are not imported and its shipments are not sent meanwhile. ${how}; the import resumes from where it stopped, without losing orders, and the waiting steps run by themselves.`,
  };
}
