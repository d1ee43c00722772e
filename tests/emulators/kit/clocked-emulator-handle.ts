/**
 * The members shared by the in-process handles of the emulators built on ClockedEmulatorServer (what
 * createAmazonEmulator, createEbayEmulator and createEtsyEmulator return): the server, listen/close/baseUrl,
 * the emulated clock (advanceClock, now) and reset. Each emulator adds its own seeding and control helpers.
 */
import type { ClockedEmulatorServer } from "./clocked-emulator-server";
import type { EmulatorServer } from "./emulator-server";

export interface ClockedEmulatorHandle {
  server: EmulatorServer;
  /** Starts listening on 127.0.0.1 (port 0: any free port); resolves to the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  readonly baseUrl: string;
  /** Same as POST /__sandbox/clock {advanceSeconds}: jumps emulated time ahead without waiting. Returns now (epoch ms). */
  advanceClock(seconds: number): number;
  /** The emulator's now (wall clock plus any advance), epoch ms. */
  now(): number;
  /** Same as POST /__sandbox/reset: the emulator's state (its `onReset` hooks), the faults and the request log. */
  reset(): Promise<void>;
}

/** The handle `E` of an emulator: the shared members on `server`, plus the emulator's own `helpers`. */
export function clockedEmulatorHandle<E extends ClockedEmulatorHandle>(
  server: ClockedEmulatorServer,
  helpers: Omit<E, keyof ClockedEmulatorHandle>,
): E {
  const { clock } = server;
  const shared: ClockedEmulatorHandle = {
    server,
    listen: (port = 0) => server.listen(port),
    close: () => server.close(),
    get baseUrl() {
      return server.baseUrl;
    },
    advanceClock: (seconds) => {
      clock.advance(seconds);
      return clock.now();
    },
    now: () => clock.now(),
    reset: async () => server.reset(),
  };
  return Object.assign(shared, helpers) as E;
}
