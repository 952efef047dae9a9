/**
 * Architecture rules that keep the codebase honest. The compiler's folders form a pipeline
 * (LAYERS below, earliest first): a module imports only from its own folder or an earlier one,
 * so there are no folder cycles; there are no file cycles either. Every way of reaching a module
 * counts: static imports and re-exports, `import()` and `createRequire(…)(…)`. The disk is
 * touched only by the host, the writer and the governance runtime.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith(".ts")) out.push(p.split("\\").join("/"));
  }
  return out;
}

/**
 * The pipeline, earliest first; folders in one row do not import each other. Root files belong
 * to the folder of their name (host.ts to host/, write.ts to write/), diagnostic.ts to
 * diagnostics, compile.ts to program; the public entry (index.ts) comes last as "api".
 */
const LAYERS: readonly (readonly string[])[] = [
  ["runtime"], // what generated code imports (runtime/)
  ["vendor", "version", "shared"], // third-party re-exports, the version, shared meanings
  ["ir"],
  ["diagnostics"],
  ["load"], // load → shape
  ["bind"],
  ["expr"],
  ["check"],
  ["fmt"], // the formatter of intent files (load, then re-print)
  ["governance", "testing"], // libraries: slice policy, model-based test helpers
  ["diff"], // the change analysis (lock file, changelog, version enforcement)
  ["explore", "emit"], // the explorer; the emitters, which read its results as analysis data only
  ["report"],
  ["host"], // reads the disk
  ["write"], // writes the disk
  ["driver"], // runs the phases
  ["program"], // program.ts and compile.ts: the programmatic front end and emit
  ["fleet"], // the slice queue and its workers (drive governance runs)
  ["review"], // the review web app (reads the queue and runs)
  ["lsp"], // the language server (runs the front end on editor buffers)
  ["cli"],
  ["api"], // index.ts: the package's public entry
];

/**
 * Known edges against the table, each owned by another change: the docs server is moving out of
 * diff/ (issue 13). Adding an entry here needs a reason.
 */
const KNOWN: ReadonlySet<string> = new Set([
  "compiler/diff/serve.ts -> compiler/emit/docs-site/templates.ts",
]);

function unitOf(file: string): string {
  if (file.startsWith("runtime/")) return "runtime";
  const rest = file.slice("compiler/".length);
  const slash = rest.indexOf("/");
  if (slash >= 0) return rest.slice(0, slash);
  const base = rest.replace(/\.ts$/, "");
  if (base === "diagnostic") return "diagnostics";
  if (base === "index") return "api";
  if (base === "compile") return "program";
  return base;
}

/** The source with comments and template-literal text blanked (generated code is not an import). */
function codeOnly(src: string): string {
  let out = "";
  let i = 0;
  const depth: number[] = []; // brace depth inside each `${` of an open template
  let braces = 0;
  let inTemplate = false;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (inTemplate) {
      if (c === "\\") i += 2;
      else if (c === "`") {
        inTemplate = false;
        out += "``";
        i++;
      } else if (c === "$" && n === "{") {
        depth.push(braces);
        inTemplate = false;
        out += "${";
        i += 2;
      } else i++;
      continue;
    }
    if (c === "/" && n === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && n === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === "`") {
      inTemplate = true;
      i++;
    } else {
      if (c === "{") braces++;
      if (c === "}") {
        if (depth.length > 0 && depth[depth.length - 1] === braces) {
          depth.pop();
          inTemplate = true;
          i++;
          continue;
        }
        braces--;
      }
      out += c;
      i++;
    }
  }
  return out;
}

interface Use {
  readonly spec: string;
  readonly how: "import" | "dynamic" | "require";
}

/** Every module specifier a file reaches: imports, re-exports, import(), createRequire and require. */
function usesOf(src: string): Use[] {
  const code = codeOnly(src);
  const uses: Use[] = [];
  for (const m of code.matchAll(
    /(?:^|[;\n}])\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
  ))
    uses.push({ spec: m[1], how: "import" });
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g))
    uses.push({ spec: m[1], how: "import" });
  for (const m of code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']/g))
    uses.push({ spec: m[1], how: "dynamic" });
  for (const m of code.matchAll(/\b(?:createRequire\s*\([^)]*\)|require)\s*\(\s*["']([^"']+)["']/g))
    uses.push({ spec: m[1], how: "require" });
  return uses;
}

const FILES = [...tsFiles("compiler"), ...tsFiles("runtime")];
/** file → files it reaches inside the repository (relative specifiers, resolved). */
const GRAPH = new Map(
  FILES.map((f) => [
    f,
    usesOf(readFileSync(f, "utf8"))
      .filter((u) => u.spec.startsWith("."))
      .map((u) =>
        relative(".", resolve(dirname(f), u.spec))
          .split("\\")
          .join("/")
          .replace(/\.js$/, ".ts"),
      ),
  ]),
);

/** Every cycle a depth-first search meets (as `a -> b -> a`). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 1);
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 1) cycles.push([...stack.slice(stack.indexOf(t)), t].join(" -> "));
      else if (state.get(t) === undefined && graph.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

describe("architecture", () => {
  it("sees every kind of import (the scanner itself)", () => {
    const src = [
      'import { a } from "./a.js";',
      'export { b } from "./b.js";',
      'const c = await import("./c.js");',
      'const d = createRequire(import.meta.url)("node:worker_threads");',
      '// import { no } from "./comment.js";',
      'const text = `import { x } from "./generated.js";\n${f("./inside.js")}`;',
    ].join("\n");
    expect(usesOf(src)).toEqual([
      { spec: "./a.js", how: "import" },
      { spec: "./b.js", how: "import" },
      { spec: "./c.js", how: "dynamic" },
      { spec: "node:worker_threads", how: "require" },
    ]);
  });

  it("runtime/ never imports compiler/", () => {
    const offenders = [...GRAPH].filter(
      ([f, to]) => f.startsWith("runtime/") && to.some((t) => t.startsWith("compiler/")),
    );
    expect(offenders).toEqual([]);
  });

  it("every folder imports only from itself and earlier phases (no folder cycles)", () => {
    const layer = new Map(LAYERS.flatMap((row, i) => row.map((u) => [u, i] as const)));
    const unknown = FILES.map(unitOf).filter((u) => !layer.has(u));
    expect([...new Set(unknown)], "every folder has a place in LAYERS").toEqual([]);
    const bad: string[] = [];
    for (const [from, targets] of GRAPH) {
      for (const to of targets) {
        const a = unitOf(from);
        const b = unitOf(to);
        if (a === b || (layer.get(b) as number) < (layer.get(a) as number)) continue;
        if (!KNOWN.has(`${from} -> ${to}`)) bad.push(`${from} -> ${to} (${a} may not import ${b})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("has no file cycles", () => {
    expect(
      cyclesOf(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
          ["d", ["a"]],
        ]),
      ),
    ).toEqual(["a -> b -> c -> a"]);
    expect(cyclesOf(GRAPH)).toEqual([]);
  });

  it("only the host, the writer and the governance runtime touch the file system", () => {
    // Each exception is a file another change is moving (or a package build step).
    const exceptions = new Set([
      "compiler/version.ts", // reads intentc's own package.json
      "compiler/diff/serve.ts", // the docs server (moving out of diff/)
      "compiler/cli/init.ts", // scaffolding (another change)
      "compiler/cli/slice-install.ts", // writes a pack's agent files into the checkout
      "compiler/cli/queue.ts", // reads a --task file
      "compiler/cli/worker.ts", // worker process bookkeeping
      "compiler/testing/report.ts", // appends the suite report a test gate asks for (INTENTC_SUITE_REPORT)
    ]);
    const allowed = (f: string) =>
      ["host", "write", "governance", "fleet", "review"].includes(unitOf(f)) || exceptions.has(f);
    const offenders = FILES.filter(
      (f) =>
        !allowed(f) &&
        usesOf(readFileSync(f, "utf8")).some((u) => /^(node:)?fs(\/promises)?$/.test(u.spec)),
    );
    expect(offenders).toEqual([]);
  });

  it("CLI commands of the driver's pipeline stay small and leave the disk to the driver", () => {
    for (const f of [
      "compiler/cli/build.ts",
      "compiler/cli/check.ts",
      "compiler/cli/explore.ts",
      "compiler/cli/diff.ts",
    ]) {
      const src = readFileSync(f, "utf8");
      expect(src.split("\n").length, f).toBeLessThanOrEqual(130);
      expect(
        usesOf(src).filter((u) => /^(node:)?(fs|v8|worker_threads)/.test(u.spec)),
        f,
      ).toEqual([]);
    }
  });

  it("public entries use explicit named re-exports, never export *", () => {
    for (const p of [
      "runtime/index.ts",
      "compiler/testing/index.ts",
      "compiler/governance/index.ts",
      "compiler/index.ts",
    ]) {
      expect(readFileSync(p, "utf8"), p).not.toMatch(/export \*/);
    }
  });
});
