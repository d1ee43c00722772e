/**
 * Error brands: the routes load server modules through Vite and the process entry through tsx, so two copies of
 * each error class exist in one process and `instanceof` across them fails. `Symbol.for` returns the same symbol to
 * every copy, so a class marks its prototype with `brandErrorClass` and its guard asks `hasErrorBrand`.
 * Here, at the bottom layer, so the connectors' errors and the app's share one mechanism.
 */

/** The brand of the error class called `name`: the same symbol in every copy of every module. */
export function errorBrand(name: string): symbol {
  return Symbol.for(`orderbridge.error.${name}`);
}

/** Marks the class's prototype with its brand (call from a `static {}` block). */
export function brandErrorClass(cls: abstract new (...args: never[]) => Error, brand: symbol): void {
  Object.defineProperty(cls.prototype, brand, { value: true });
}

/** Whether `e` carries `brand`, whichever copy of its module built it. */
export function hasErrorBrand(e: unknown, brand: symbol): boolean {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[brand] === true;
}
