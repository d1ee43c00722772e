/**
 * Contract: the committed Etsy types are what connectors/generate-types.ts makes from the official spec
 * today (read from the shared specs folder at run time), restricted to the operations we call.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateTypes, pickOperations, TARGETS } from "../generate-types";

describe("generated Etsy types", () => {
  const target = TARGETS.find((t) => t.out === "connectors/etsy/generated/open-api-v3.ts")!;

  it("are up to date with the spec (regenerate with `npm run gen:types`)", async () => {
    const committed = await readFile(fileURLToPath(new URL("./generated/open-api-v3.ts", import.meta.url)), "utf8");
    expect(await generateTypes(target)).toBe(committed);
  });

  it("keep only the operations asked for and the components they reach", () => {
    const doc = {
      openapi: "3.0.2",
      info: { title: "t", version: "1" },
      paths: {
        "/a": {
          get: {
            operationId: "getA",
            responses: {
              200: { description: "", content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } } },
            },
          },
        },
        "/b": {
          get: {
            operationId: "getB",
            responses: {
              200: { description: "", content: { "application/json": { schema: { $ref: "#/components/schemas/B" } } } },
            },
          },
        },
      },
      components: {
        schemas: {
          A: { type: "object", properties: { money: { $ref: "#/components/schemas/Money" } } },
          B: { type: "string" },
          Money: { type: "integer" },
        },
        securitySchemes: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } },
      },
    };
    const picked = pickOperations(doc as never, ["getA"]) as unknown as typeof doc;
    expect(Object.keys(picked.paths)).toEqual(["/a"]);
    expect(Object.keys(picked.components.schemas).sort()).toEqual(["A", "Money"]);
    expect(picked.components.securitySchemes).toEqual(doc.components.securitySchemes);
    expect(() => pickOperations(doc as never, ["getC"])).toThrow(/getC/);
  });
});
