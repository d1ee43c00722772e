import { readFileSync } from "node:fs";
import { ApiVersion } from "@shopify/shopify-app-remix/server";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "./api-version";

describe("SHOPIFY_API_VERSION", () => {
  it("is the [webhooks] api_version of shopify.app.toml, so webhooks and the Admin API speak one version", () => {
    const toml = parse(readFileSync(new URL("../../../../shopify.app.toml", import.meta.url), "utf8")) as {
      webhooks?: { api_version?: unknown };
    };
    expect(toml.webhooks?.api_version).toBe(SHOPIFY_API_VERSION);
  });

  it("is a version of the installed @shopify/shopify-api's ApiVersion enum (what shopifyApp() is given)", () => {
    expect(Object.values(ApiVersion)).toContain(SHOPIFY_API_VERSION);
    expect(ApiVersion.July26).toBe(SHOPIFY_API_VERSION);
  });
});
