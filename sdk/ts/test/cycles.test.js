// The SDK's modules form no import cycle, type-only imports included: a
// cycle makes a module's exports undefined while another evaluates, and
// ties files together that should not know each other (client.ts is built
// from the helpers; the helpers see only the types in types.ts).

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

// Every relative specifier in import/export-from statements and dynamic
// imports, `import type` included; comments are stripped first.
const specifier = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Returns the relative imports of a TypeScript source text. */
export function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(specifier)].map((m) => m[1]);
}

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Returns the first import cycle in the graph as a list of files, or undefined. */
export function findCycle(graph) {
  const state = new Map(); // file -> "open" | "done"
  const stack = [];
  const visit = (f) => {
    if (state.get(f) === "done") return undefined;
    if (state.get(f) === "open") return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(f, "done");
    return undefined;
  };
  for (const f of graph.keys()) {
    const c = visit(f);
    if (c) return c;
  }
  return undefined;
}

function graphOf(dir) {
  const graph = new Map();
  for (const f of sources(dir)) {
    const deps = importsOf(readFileSync(f, "utf8")).map((s) => resolve(dirname(f), s.replace(/\.js$/, ".ts")));
    graph.set(f, deps);
  }
  return graph;
}

test("the cycle finder sees the import forms the SDK uses", () => {
  const text = `
    import { a } from "./a.js";
    import type { B } from "./b.js";
    import type {
      C,
    } from "./c.js";
    export { d } from "./d.js";
    export type { E } from "./e.js";
    export * as f from "./gen/f.js";
    const g = await import("./g.js");
    // import { h } from "./h.js";
    import { i } from "@scope/pkg";
  `;
  assert.deepEqual(importsOf(text), ["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./gen/f.js", "./g.js"]);
  const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", []]]);
  assert.deepEqual(findCycle(g), ["a", "b", "c", "a"]);
  assert.equal(findCycle(new Map([["a", ["b"]], ["b", []]])), undefined);
});

test("src/ has no import cycle, type-only imports included", () => {
  const graph = graphOf(src);
  assert.ok(graph.size > 10, `only ${graph.size} modules found under ${src}`);
  const cycle = findCycle(graph);
  assert.equal(cycle, undefined, `import cycle: ${cycle?.map((f) => relative(src, f)).join(" -> ")}`);
});
