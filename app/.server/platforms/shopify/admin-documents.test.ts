import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gqlPluckFromCodeStringSync } from "@graphql-tools/graphql-tag-pluck";
import { pluckConfig } from "@shopify/api-codegen-preset";
import { Kind, NoDeprecatedCustomRule, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema, API_VERSION } from "#tests/emulators/shopify/schema.ts";
import { SHOPIFY_API_VERSION } from "./api-version";

/**
 * Every `#graphql` document in app/, found the way `npm run gen:shopify-types` finds them (Shopify's pluckConfig, a
 * `${FRAGMENT}` resolved to that fragment's own `#graphql` text), checked statically against the Admin schema of
 * SHOPIFY_API_VERSION, and against the committed app/types/admin.generated.d.ts: a document edited without
 * regenerating would otherwise only show up as a type error.
 */
const root = fileURLToPath(new URL("../../../../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join(root, "app", "types") ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

interface AppDocument {
  file: string;
  text: string;
}

/** Operation documents with their fragments interpolated, as the preset keys them (@shopify/graphql-codegen). */
function appDocuments(): AppDocument[] {
  const plucked = sourceFiles(join(root, "app")).flatMap((file) =>
    gqlPluckFromCodeStringSync(file, readFileSync(file, "utf8"), pluckConfig).map((s) => ({
      file: relative(root, file),
      raw: s.body,
    })),
  );
  const named = new Map<string, string>();
  for (const p of plucked) {
    const name = /#VAR_NAME=(\w+)$/.exec(p.raw)?.[1];
    p.raw = p.raw.replace(/#VAR_NAME=\w+$/, "");
    if (name) named.set(name, p.raw);
  }
  const resolve = (text: string): string =>
    text.replace(/#REQUIRED_VAR=(\w+)/g, (_, name: string) => {
      const value = named.get(name);
      if (value === undefined) throw new Error(`\${${name}} is not a #graphql document`);
      return resolve(value);
    });
  return plucked
    .map((p) => ({ file: p.file, text: resolve(p.raw) }))
    .filter((d) => parse(d.text).definitions.some((def) => def.kind === Kind.OPERATION_DEFINITION));
}

/** The document texts AdminQueries/AdminMutations are keyed by in the committed generated file. */
function generatedKeys(): string[] {
  const generated = readFileSync(join(root, "app", "types", "admin.generated.d.ts"), "utf8");
  return [...generated.matchAll(/^ {2}("(?:[^"\\]|\\.)*"): \{return: /gm)].map((m) => JSON.parse(m[1]) as string);
}

describe(`the app's Admin GraphQL documents (${SHOPIFY_API_VERSION})`, () => {
  const documents = appDocuments();

  it("are found (the Shopify adapter's seven operations at least)", () => {
    expect(API_VERSION).toBe(SHOPIFY_API_VERSION);
    expect(documents.length).toBeGreaterThanOrEqual(7);
  });

  it("each validate against the Admin schema", () => {
    const problems = documents.flatMap((d) =>
      validate(adminSchema(), parse(d.text)).map((e) => `${d.file}: ${e.message}`),
    );
    expect(problems).toEqual([]);
  });

  it("use no field, argument or enum value the schema deprecates", () => {
    const problems = documents.flatMap((d) =>
      validate(adminSchema(), parse(d.text), [NoDeprecatedCustomRule]).map((e) => `${d.file}: ${e.message}`),
    );
    expect(problems).toEqual([]);
  });

  it("are exactly the ones the committed generated types know (run `npm run gen:shopify-types` after editing one)", () => {
    expect(generatedKeys().sort()).toEqual(documents.map((d) => d.text).sort());
  });
});
