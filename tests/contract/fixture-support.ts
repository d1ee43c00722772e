/**
 * What the contract fixtures share: the emulator plus tampering proxy pair they run, the suite's
 * ContractFault as the emulator kit's faults, seed items from an OrderSpec, and helpers for their
 * contract-breaking rewrites.
 */
import { fromMinorUnits } from "#connectors/money.ts";
import type { MarketplaceConnector, MarketplaceOrder, ShipmentConfirmationResult } from "#connectors/types.ts";
import type { EmulatorServer } from "../emulators/kit/emulator-server";
import type { Fault } from "../emulators/kit/faults";
import type { ContractFault, ContractHarness, OrderSpec } from "./contract-fixture";
import { TamperingProxy } from "./tampering-proxy";

/** Enough uses that every resend the connector makes meets the same fault; `reset` clears the rest. */
const PERSISTENT = 50;
/** How long an injected timeout hangs: well past the suite's 300 ms timeout, short enough to free the socket soon. */
const HANG_MS = 2_000;

const KIT_FAULTS: Record<ContractFault, Fault["kind"]> = {
  http_429: "http_429",
  http_500: "http_500",
  http_503: "http_503",
  expired_access_token: "expired_token",
  timeout: "timeout",
  malformed_body: "malformed_body",
};

export interface FaultTarget {
  server: EmulatorServer;
  proxy: TamperingProxy;
  /** The API calls faults hit ("METHOD /path" substring), leaving the token endpoint alone. */
  apiMatch: string;
}

export function injectFault(target: FaultTarget, fault: ContractFault): void {
  target.server.faults.add({
    kind: KIT_FAULTS[fault],
    match: target.apiMatch,
    times: PERSISTENT,
    ...(fault === "timeout" ? { delayMs: HANG_MS } : {}),
  });
}

export function clearFaults(target: FaultTarget): void {
  target.server.faults.clear();
  target.proxy.clear();
}

/** The harness methods every fixture implements alike: faults, tampering, and closing proxy and emulator. */
export function commonControls(
  target: FaultTarget,
  emulator: { close(): Promise<void> },
): Pick<ContractHarness, "injectFault" | "tamper" | "clearFaults" | "close"> {
  return {
    injectFault: async (fault) => injectFault(target, fault),
    tamper: async (rule) => target.proxy.tamper(rule),
    clearFaults: async () => clearFaults(target),
    close: async () => {
      await target.proxy.close();
      await emulator.close();
    },
  };
}

/** An emulator listening on a free port, with a tampering proxy in front of it. */
export async function listenBehindProxy(emulator: {
  listen(port?: number): Promise<string>;
}): Promise<{ baseUrl: string; proxy: TamperingProxy }> {
  const baseUrl = await emulator.listen(0);
  const proxy = await TamperingProxy.start(baseUrl);
  return { baseUrl, proxy };
}

/** Decimal string for the emulators' seed input ("12.50"). */
export function decimal(minor: number): string {
  return fromMinorUnits(minor, "USD");
}

/**
 * The spec's lines as emulator seed items, for marketplaces that charge shipping and tax per line (Amazon,
 * eBay): the order's shipping (under `shippingField`) and tax go on its first line.
 */
export function seedItemsWithCharges<K extends string>(spec: OrderSpec, shippingField: K) {
  return spec.lines.map((l, i) => ({
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    unitPrice: decimal(l.unitPrice),
    ...(i === 0
      ? ({ [shippingField]: decimal(spec.shipping), tax: decimal(spec.tax) } as Record<K | "tax", string>)
      : {}),
  }));
}

/** A package for a line the order does not have: marketplaces that check lines answer 400. */
export function confirmUnknownLine(
  connector: MarketplaceConnector,
  order: MarketplaceOrder,
  shippedAt: Date,
): Promise<ShipmentConfirmationResult> {
  return connector.confirmShipment({
    marketplaceOrderId: order.marketplaceOrderId,
    packageReference: "1",
    carrier: connector.resolveCarrier("UPS"),
    trackingNumber: "1Z999AA10123456784",
    shippedAt,
    lines: [{ marketplaceLineId: "99999999999999", quantity: 1 }],
    salesChannel: order.salesChannel ?? null,
  });
}

type Json = Record<string, unknown>;

function at(node: unknown, path: readonly string[]): unknown {
  for (const key of path) node = node && typeof node === "object" ? (node as Json)[key] : undefined;
  return node;
}

/** A rewrite applying `change` to every object in the list at `path` (keys from the body down); other answers pass unchanged. */
export function forEachIn(path: readonly string[], change: (item: Json) => void): (body: unknown) => unknown {
  return (body) => {
    const list = at(body, path);
    if (Array.isArray(list)) for (const item of list) if (item && typeof item === "object") change(item as Json);
    return body;
  };
}

/** A rewrite putting null in place of every element of the list at `path`. */
export function nullsIn(path: readonly string[]): (body: unknown) => unknown {
  return (body) => {
    const list = at(body, path);
    if (Array.isArray(list)) list.fill(null);
    return body;
  };
}

/** Sets `obj[path…]` to `value` where the objects along the path exist. */
export function setIn(obj: Json, path: readonly string[], value: unknown): void {
  const parent = at(obj, path.slice(0, -1));
  if (parent && typeof parent === "object") (parent as Json)[path.at(-1)!] = value;
}
