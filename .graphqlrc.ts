/**
 * GraphQL config for Shopify's codegen preset (`npm run gen:shopify-types`), after Shopify's template
 * (https://shopify.dev/docs/api/shopify-app-remix/latest/guide-graphql-types): the `#graphql` documents in app/ are
 * typed against the Admin schema of SHOPIFY_API_VERSION into app/types/admin.types.d.ts (the schema's scalars, enums
 * and input types, as unions instead of enums) and app/types/admin.generated.d.ts (each operation's variables and
 * result, and the AdminQueries/AdminMutations interfaces keyed by document text that AdminGraphqlClient.request
 * takes).
 *
 * The schema is Shopify's own introspection of that version, read from the shared specs folder (SPECS_DIR, or
 * ../shared/specs beside the repository) and never copied into the repository: unlike Shopify's `shopifyApiTypes`
 * helper this config writes no schema file.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import type { IGraphQLConfig } from "graphql-config";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";

const specsDir = process.env.SPECS_DIR ?? fileURLToPath(new URL("../shared/specs/", import.meta.url));
export const adminSchemaFile = join(
  specsDir,
  "shopify",
  "npm-dev-mcp-1.16.0",
  "dist",
  "data",
  `admin_${SHOPIFY_API_VERSION}.json`,
);

/** Where the documents live: globs skip dot folders, so app/.server is named on its own. */
export const documents = [
  "./app/**/*.{ts,tsx}",
  "./app/.server/**/*.{ts,tsx}",
  "!./app/types/**",
  "!./app/**/*.test.{ts,tsx}",
];

const outputDir = process.env.SHOPIFY_TYPES_OUT_DIR ?? "./app/types";

const config: IGraphQLConfig = {
  schema: adminSchemaFile,
  documents,
  projects: {
    default: {
      schema: adminSchemaFile,
      documents,
      extensions: {
        codegen: {
          // `#graphql` tags, and fragments interpolated into documents (`${FRAGMENT}`).
          pluckConfig,
          generates: {
            [`${outputDir}/admin.types.d.ts`]: {
              plugins: ["typescript"],
              config: {
                enumsAsTypes: true,
                disableDescriptions: true,
                defaultScalarType: "string",
                scalars: { JSON: "unknown" },
              },
            },
            [`${outputDir}/admin.generated.d.ts`]: {
              preset,
              presetConfig: { apiType: ApiType.Admin },
            },
          },
        },
      },
    },
  },
};

export default config;
