import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, loadContext } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";

/**
 * The committed app/types/*.d.ts are what `npm run gen:shopify-types` makes now: codegen runs in memory with the
 * repository's .graphqlrc.ts (same schema file, documents and options) and nothing is written.
 */
const root = fileURLToPath(new URL("../../../../", import.meta.url));

describe("app/types (generated Admin GraphQL types)", () => {
  it("are up to date with the documents, the schema and .graphqlrc.ts", { timeout: 120_000 }, async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const context = await loadContext(join(root, ".graphqlrc.ts"));
      // generate() without saving answers the files it would write (its declared type is loose).
      const outputs = (await generate(context, false)) as { filename: string; content: string }[];
      expect(outputs.map((o) => basename(o.filename)).sort()).toEqual(["admin.generated.d.ts", "admin.types.d.ts"]);
      for (const o of outputs) {
        expect(
          o.content === readFileSync(join(root, "app", "types", basename(o.filename)), "utf8"),
          `${o.filename} differs: run npm run gen:shopify-types`,
        ).toBe(true);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
