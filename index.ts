import { isSandbox, readEnv } from "#app/.server/env.ts";
import { startOrderBridge, type StartHooks } from "#app/.server/start-orderbridge.ts";

/**
 * `npm start`: OrderBridge in one process (the Remix server, the scheduler and a worker on the embedded SQLite
 * database). Without any platform's app keys (Shopify or BigCommerce) it runs in sandbox mode: the sandbox
 * (tests/sandbox) starts the emulators on loopback and wraps the app with demo data; UI at a printed URL.
 * This is the only place that imports the sandbox, and only in sandbox mode.
 */
async function main(): Promise<void> {
  let env = readEnv();
  let hooks: StartHooks = {};
  if (isSandbox(env)) {
    const { startSandbox } = await import("#tests/sandbox/index.ts");
    const sandbox = await startSandbox(env);
    env = readEnv({ ...process.env, ...sandbox.env });
    hooks = sandbox.hooks;
  }
  await startOrderBridge(env, hooks);
}

main().catch((e) => {
  // A setup problem the user fixes by hand (e.g. the sandbox's API specs folder is missing): its message alone.
  if (e instanceof Error && e.name === "SandboxSetupError") console.error(e.message);
  else console.error(e);
  process.exit(1);
});
