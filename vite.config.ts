/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

// Vitest runs without the Remix plugin, except when a test starts the app server (ORDERBRIDGE_APP_SERVER).
const isVitest = Boolean(process.env.VITEST) && !process.env.ORDERBRIDGE_APP_SERVER;

/** Tests beside the code they test: pure logic, queries on a temp database, clients against a fetch stub. */
const UNIT_TESTS = [
  "app/**/*.test.{ts,tsx}",
  "connectors/**/*.test.ts",
  "db/**/*.test.ts",
  "tests/architecture/**/*.test.ts",
];
/**
 * Tests beside the code that start an emulator over HTTP, or run a code generator: they belong with the
 * integration tests, so a unit run stays a matter of seconds.
 */
const SERVER_TESTS = [
  "app/**/*.emulator.test.ts",
  "connectors/**/*.emulator.test.ts",
  "app/.server/platforms/shopify/admin-types-fresh.test.ts",
];

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000), hmr: false },
  plugins: [
    !isVitest &&
      remix({
        ignoredRouteFiles: ["**/*.test.{ts,tsx}"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          // Scan route files for dependencies at start-up: without HMR a late re-bundle would break the first hydration.
          unstable_optimizeDeps: true,
          v3_singleFetch: false,
        },
      }),
  ],
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["tests/setup/setup-test-env.ts"],
    // `npm run test:unit` runs the unit project alone (seconds); `npm test` runs both.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: UNIT_TESTS,
          // Unit tests start no server and share no global state: one thread pool, modules loaded once per worker.
          pool: "threads",
          isolate: false,
          exclude: [...SERVER_TESTS, "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts", ...SERVER_TESTS],
          exclude: ["tests/architecture/**", "**/node_modules/**"],
        },
      },
    ],
  },
});
