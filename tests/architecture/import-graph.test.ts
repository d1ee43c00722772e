import { describe, expect, it } from "vitest";
import { importCircles, importGraph } from "./import-graph";

describe("the import graph", () => {
  const graph = importGraph();

  it("is read through TypeScript's own resolution (relative and package imports)", () => {
    expect(graph.size).toBeGreaterThan(300);
    // A known edge, so an empty graph (nothing resolved) cannot pass for a clean one.
    expect(graph.get("connectors/registry.ts")).toContain("connectors/amazon/index.ts");
    expect(graph.get("app/.server/bootstrap.ts")).toContain("db/client.ts");
  });

  it("has no circle, type-only imports included", () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it("finds a circle when there is one", () => {
    const circular = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(importCircles(circular)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("shipped code under app/, connectors/ and db/ imports nothing under tests/", () => {
    const shipped = [...graph.keys()].filter(
      (f) => /^(app|connectors|db)\//.test(f) && !/\.test\.tsx?$|__tests__/.test(f),
    );
    const offenders = shipped.flatMap((f) =>
      graph
        .get(f)!
        .filter((t) => t.startsWith("tests/"))
        .map((t) => `${f} → ${t}`),
    );
    expect(offenders).toEqual([]);
  });
});
