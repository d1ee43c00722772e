/**
 * The BigCommerce emulator's public surface: the emulator class (emulator.ts), its control API under
 * `/__sandbox/...` (control.ts), and the factory that joins them (so control.ts and the class do not import each other).
 */
import { registerControlRoutes } from "./control";
import { BigCommerceEmulator, type BigCommerceEmulatorOptions } from "./emulator";

export * from "./emulator";

export function createBigCommerceEmulator(opts: BigCommerceEmulatorOptions): BigCommerceEmulator {
  if (!opts?.clientId || !opts.clientSecret)
    throw new Error("createBigCommerceEmulator needs clientId and clientSecret");
  const emulator = new BigCommerceEmulator(opts);
  registerControlRoutes(emulator.server, emulator);
  return emulator;
}
