export { EmulatedClock } from "../kit/emulated-clock";

/** Amazon's timestamp style: ISO 8601 UTC to the second ("2026-01-27T04:55:15Z"). */
export function isoSeconds(ms: number): string {
  return new Date(floorSecond(ms)).toISOString().replace(".000Z", "Z");
}

/** Floors epoch milliseconds to the whole second. */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
