import { describe, expect, it } from "vitest";
import { isSandbox, readEnv } from "./env";

describe("isSandbox", () => {
  const env = (e: Record<string, string>) => readEnv({ NODE_ENV: "test", ...e });

  it("is on without any platform's app keys", () => {
    expect(isSandbox(env({}))).toBe(true);
    expect(isSandbox(env({ SHOPIFY_API_KEY: "k" }))).toBe(true); // half a key pair is no key
  });

  it("is off with Shopify keys, and with BigCommerce keys alone (a BigCommerce-only deployment)", () => {
    expect(isSandbox(env({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s" }))).toBe(false);
    expect(isSandbox(env({ BIGCOMMERCE_CLIENT_ID: "id", BIGCOMMERCE_CLIENT_SECRET: "s" }))).toBe(false);
  });

  it("follows SANDBOX when it is set, whatever keys are present (npm start sets it with the emulated apps' keys)", () => {
    expect(isSandbox(env({ SANDBOX: "true", BIGCOMMERCE_CLIENT_ID: "id", BIGCOMMERCE_CLIENT_SECRET: "s" }))).toBe(true);
    expect(isSandbox(env({ SANDBOX: "0" }))).toBe(false);
    expect(() => env({ SANDBOX: "yes" })).toThrow(/SANDBOX/);
  });
});
