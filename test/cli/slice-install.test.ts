/**
 * `intentc slice install <id>` in a developer's checkout (a copy of the example's intent/ and
 * generated/): the pack's agent files land at the pack's native paths, the developer's own
 * AGENTS.md and CLAUDE.md content stays, a second install changes nothing, nothing outside the
 * pack's paths is touched, and every path AGENTS.md names exists afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mergeAgentsMd } from "../../compiler/cli/slice-install.js";
import { runCli } from "../helpers.js";

const run = runCli;

/** Every file under `dir` (relative path → contents). */
function tree(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of tree(dir, rel)) out.set(k, v);
    else out.set(rel, e.isSymbolicLink() ? "(symlink)" : readFileSync(join(dir, rel), "utf8"));
  }
  return out;
}

/** Repo paths AGENTS.md points at (code spans with a '/' or a file name; no globs or variables). */
function namedPaths(agents: string): string[] {
  const paths = new Set<string>();
  for (const line of agents.split("\n")) {
    if (line.includes("Never edit")) continue; // a list of what not to touch, not of files to read
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const p = m[1];
      if (p.includes("*") || p.includes("$") || p.includes("(")) continue;
      if (p.includes("/") || /\.(md|ts|json|mdc)$/.test(p)) paths.add(p.replace(/\/$/, ""));
    }
  }
  return [...paths].sort();
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "intentc-slice-install-"));
  cpSync("intent", join(dir, "intent"), { recursive: true });
  cpSync("generated", join(dir, "generated"), { recursive: true });
  writeFileSync(join(dir, "AGENTS.md"), "# Team notes\n\nRun `npm test` before pushing.\n");
  writeFileSync(join(dir, "CLAUDE.md"), "Be brief.\n");
  mkdirSync(join(dir, "services/orders"), { recursive: true });
  writeFileSync(join(dir, "services/orders/index.ts"), "export {};\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("slice install", () => {
  it("writes the pack's agent files at its native paths and nothing else", async () => {
    const before = tree(dir);
    const r = await run(["slice", "install", "order-service"], dir);
    expect(r.err).toMatch(/✓ slice order-service: 8 written, 0 unchanged/);
    expect(r.code).toBe(0);
    const pack = JSON.parse(
      readFileSync(join(dir, "generated/slices/order-service/slice.json"), "utf8"),
    );
    const after = tree(dir);
    const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k)).sort();
    expect(changed).toEqual(Object.values(pack.native as Record<string, string>).sort());
    expect([...before.keys()].filter((k) => !after.has(k))).toEqual([]);
    for (const [from, to] of Object.entries(pack.native as Record<string, string>)) {
      if (to === "AGENTS.md" || to === "CLAUDE.md") continue;
      expect(after.get(to)).toBe(
        readFileSync(join(dir, "generated/slices/order-service", from), "utf8"),
      );
    }
    const agents = after.get("AGENTS.md") as string;
    expect(
      agents.startsWith(
        "# Team notes\n\nRun `npm test` before pushing.\n\n<!-- intentc:begin slice=order-service ",
      ),
    ).toBe(true);
    expect(agents.trimEnd().endsWith("<!-- intentc:end -->")).toBe(true);
    expect(after.get("CLAUDE.md")).toBe("Be brief.\n@AGENTS.md\n");
  });

  it("leaves every path AGENTS.md names in place", () => {
    const agents = readFileSync(join(dir, "AGENTS.md"), "utf8");
    const paths = namedPaths(agents);
    expect(paths).toContain(
      ".claude/skills/order-service/references/interfaces/payments.PaymentsApi.d.ts",
    );
    expect(paths).toContain("generated/machines/orders/OrderLifecycle.model.ts");
    const files = tree(dir);
    const missing = paths.filter(
      (p) => !files.has(p) && ![...files.keys()].some((f) => f.startsWith(`${p}/`)),
    );
    expect(missing).toEqual([]);
  });

  it("is idempotent", async () => {
    const before = tree(dir);
    const r = await run(["slice", "install", "order-service"], dir);
    expect(r.err).toMatch(/0 written, 8 unchanged/);
    expect(r.code).toBe(0);
    expect(tree(dir)).toEqual(before);
  });

  it("adds a second slice's section beside the first and keeps a differing settings file", async () => {
    const r = await run(["slice", "install", "payment-service"], dir);
    expect(r.err).toMatch(/kept \.claude\/settings\.json/);
    expect(r.code).toBe(1);
    const agents = readFileSync(join(dir, "AGENTS.md"), "utf8");
    expect(agents.match(/<!-- intentc:begin slice=order-service /g)).toHaveLength(1);
    expect(agents.match(/<!-- intentc:begin slice=payment-service /g)).toHaveLength(1);
    expect(readFileSync(join(dir, "CLAUDE.md"), "utf8")).toBe("Be brief.\n@AGENTS.md\n");
    const forced = await run(["slice", "install", "payment-service", "--force"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, ".claude/settings.json"), "utf8")).toBe(
      readFileSync(join(dir, "generated/slices/payment-service/claude/settings.json"), "utf8"),
    );
  });

  it("replaces only its own section when the pack changes", () => {
    const existing =
      "intro\n\n<!-- intentc:begin slice=a hash=1 -->\nold a\n<!-- intentc:end -->\n<!-- intentc:begin slice=b hash=2 -->\nb\n<!-- intentc:end -->\noutro\n";
    const next = mergeAgentsMd(
      existing,
      "<!-- intentc:begin slice=a hash=3 -->\nnew a\n<!-- intentc:end -->\n",
      "a",
    );
    expect(next).toBe(
      "intro\n\n<!-- intentc:begin slice=a hash=3 -->\nnew a\n<!-- intentc:end -->\n<!-- intentc:begin slice=b hash=2 -->\nb\n<!-- intentc:end -->\noutro\n",
    );
  });

  it("refuses to write through a symlink", async () => {
    const d = mkdtempSync(join(tmpdir(), "intentc-slice-link-"));
    try {
      cpSync("intent", join(d, "intent"), { recursive: true });
      cpSync("generated", join(d, "generated"), { recursive: true });
      const outside = mkdtempSync(join(tmpdir(), "intentc-slice-outside-"));
      symlinkSync(outside, join(d, ".cursor"));
      const r = await run(["slice", "install", "order-service"], d);
      expect(r.err).toMatch(/refused \.cursor\/rules\/order-service\.mdc: \.cursor is a symlink/);
      expect(r.code).toBe(1);
      expect(readdirSync(outside)).toEqual([]);
      rmSync(outside, { recursive: true, force: true });
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("names unknown slices", async () => {
    const r = await run(["slice", "install", "order-servic"], dir);
    expect(r.err).toMatch(/Did you mean 'order-service'/);
    expect(r.code).toBe(1);
  });
});
