import type { AppContext } from "./context";

/** Routes receive the composition root as `context.app` (Express getLoadContext). */
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    app: AppContext;
  }
}

export {};
