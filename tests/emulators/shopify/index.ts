/**
 * The Shopify emulator's public surface: the emulator class (emulator.ts), its control API under
 * `/__sandbox/...` (control.ts), and the factory that joins them (so control.ts and the class do not import each other).
 */
import { registerControlRoutes } from "./control";
import { ShopifyEmulator, type ShopifyEmulatorOptions } from "./emulator";

export * from "./emulator";

export function createShopifyEmulator(opts: ShopifyEmulatorOptions): ShopifyEmulator {
  if (!opts?.clientId || !opts.clientSecret) throw new Error("createShopifyEmulator needs clientId and clientSecret");
  const emulator = new ShopifyEmulator(opts);
  registerControlRoutes(emulator.server, emulator);
  return emulator;
}
