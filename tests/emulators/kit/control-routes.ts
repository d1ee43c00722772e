/**
 * Pieces of the sandbox control API (`/__sandbox/...`) shared by the emulators' control.ts:
 *  - `guarded(fn)`: runs a control action, turning a ControlError (a bad seed or an unknown id) into its
 *    `{error}` answer; an emulator may translate its own errors too;
 *  - `registerClockRoutes`: `GET /__sandbox/clock` and `POST /__sandbox/clock {advanceSeconds}` on an
 *    EmulatedClock, both answering the emulator's view of the clock.
 */
import type { EmulatedClock } from "./emulated-clock";
import type { EmulatorResponse, EmulatorServer, RouteHandler } from "./emulator-server";
import { ControlError } from "./seed-input";

/** Runs a control action, turning ControlError (and what `translate` answers for) into its HTTP answer. */
export function guarded(
  fn: RouteHandler,
  translate: (e: unknown) => EmulatorResponse | null = () => null,
): RouteHandler {
  return async (req) => {
    try {
      return await fn(req);
    } catch (e) {
      if (e instanceof ControlError) return { status: e.status, body: { error: e.message } };
      const answer = translate(e);
      if (answer) return answer;
      throw e;
    }
  };
}

/** GET and POST /__sandbox/clock; POST jumps `advanceSeconds` ahead (400 unless a number >= 0). */
export function registerClockRoutes(server: EmulatorServer, clock: EmulatedClock, view: () => unknown): void {
  server.route("GET", "/__sandbox/clock", () => ({ status: 200, body: view() }));
  server.route(
    "POST",
    "/__sandbox/clock",
    guarded((req) => {
      const s = (req.body as { advanceSeconds?: unknown } | undefined)?.advanceSeconds;
      if (typeof s !== "number" || !Number.isFinite(s) || s < 0)
        throw new ControlError(400, "advanceSeconds must be a number >= 0");
      clock.advance(s);
      return { status: 200, body: view() };
    }),
  );
}
