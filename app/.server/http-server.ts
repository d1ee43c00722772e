import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { AppContext } from "./context";
import "./load-context";

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Serves the Remix app (admin UI and webhook routes) with Express. In development and tests the Remix build
 * comes from Vite in middleware mode (no build step); with NODE_ENV=production, from `build/` (`npm run build`).
 */
export async function startHttpServer(ctx: AppContext, opts: { port: number; host: string }): Promise<HttpServer> {
  const app = express();
  app.disable("x-powered-by");
  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite = async () => {};
  if (ctx.env.NODE_ENV === "production") {
    app.use("/assets", express.static(`${ROOT}/build/client/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(`${ROOT}/build/client`, { maxAge: "1h" }));
    build = (await import(/* @vite-ignore */ `${ROOT}/build/server/index.js`)) as ServerBuild;
  } else {
    const { createServer } = await import("vite");
    const vite = await createServer({
      root: ROOT,
      configFile: `${ROOT}/vite.config.ts`,
      mode: "development",
      server: { middlewareMode: true, hmr: false, ws: false },
      appType: "custom",
      logLevel: "warn",
    });
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => vite.close();
  }
  app.all("*", createRequestHandler({ build, getLoadContext: () => ({ app: ctx }) }));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s));
    s.once("error", reject);
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${addr.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await closeVite();
    },
  };
}
