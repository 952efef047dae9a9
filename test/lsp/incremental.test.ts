/**
 * The server's incremental checks (lsp/incremental.ts): after an edit to one file, a quick check
 * reports for that file exactly what a full check reports, keeps the other files' diagnostics,
 * and is not used when the edit changes what other files can see. The oracle is the full check,
 * which is `intentc check --no-explore` (test/lsp/diagnostics.test.ts compares it with the CLI).
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createMemoryHost } from "../../compiler/host.js";
import { IncrementalChecker, publicPart } from "../../compiler/lsp/incremental.js";
import { parseLockFile, type LockFile } from "../../compiler/diff/lock-file.js";
import { compile } from "../../compiler/driver/front-end.js";
import { REPO } from "./client.js";
import { HEADER } from "../helpers.js";
// @ts-expect-error: the benchmark corpus generator is plain JavaScript
import { generateCorpus } from "../../bench/corpus.mjs";

const example = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(join(REPO, "intent")).map((n) => [
      `intent/${n}`,
      readFileSync(join(REPO, "intent", n), "utf8"),
    ]),
  );
const lock = (() => {
  const r = parseLockFile(readFileSync(join(REPO, "generated/intent.lock.json"), "utf8"), "lock");
  return r.ok ? r.lock : undefined;
})() as LockFile | undefined;

/** Full check of `base`, then of `edited`; and a quick check of `edited` after the full check of `base`. */
async function compare(
  base: Record<string, string>,
  edited: Record<string, string>,
  withLock = false,
) {
  const prev = () => (withLock ? lock : undefined);
  const checker = new IncrementalChecker("intent", prev);
  await checker.full(createMemoryHost(base));
  const quick = await checker.quick(createMemoryHost(edited));
  const full = await new IncrementalChecker("intent", prev).full(createMemoryHost(edited));
  return { quick, full };
}

const ORDERS = "intent/orders.intent.yaml";

describe("lsp incremental checks", () => {
  it("the full check is the front end's result (same diagnostics as compile)", async () => {
    const files = example();
    files[ORDERS] = files[ORDERS].replace("items: LineItem", "items: LineItm");
    const full = await new IncrementalChecker("intent", () => undefined).full(
      createMemoryHost(files),
    );
    expect(full.diagnostics).toEqual(compile(createMemoryHost(files)).diagnostics);
    expect(full.diagnostics.map((d) => d.code)).toEqual(["IC2003"]);
  });

  const privateEdits: [string, (t: string) => string][] = [
    [
      "a guard that does not type-check",
      (t) => t.replace('guard: "paid == 0"', 'guard: "paid == cancelReason"'),
    ],
    [
      "an unknown field in an effect",
      (t) =>
        t.replace('set: { paid: "paid + event.amount" }', 'set: { payd: "paid + event.amount" }'),
    ],
    ["an invariant", (t) => t.replace('holds: "paid <= total"', 'holds: "paid <= items"')],
    ["prose", (t) => t.replace(/^summary: .*$/m, "summary: Edited.")],
    ["a target state that does not exist", (t) => t.replace("ship: shipped", "ship: shiped")],
  ];
  for (const [what, edit] of privateEdits) {
    it(`after ${what}, a quick check reports what the full check reports`, async () => {
      const base = example();
      const edited = { ...base, [ORDERS]: edit(base[ORDERS]) };
      expect(edited[ORDERS]).not.toBe(base[ORDERS]);
      const { quick, full } = await compare(base, edited, true);
      expect(quick, "a quick check is made").toBeDefined();
      expect(quick?.complete).toBe(false);
      expect(quick?.diagnostics).toEqual(full.diagnostics);
    });
  }

  it("keeps the edited file's findings of checks across every domain (write scopes, slice ids) after a private edit", async () => {
    // Two domains that name nothing of each other: a quick check of one binds it alone, yet
    // their slices share an id and overlapping write scopes, which only a check of both finds.
    const domain = (name: string, guard: string) =>
      `${HEADER.replace("shop", name)}entities:\n  E: { fields: { n: integer } }\nevents:\n  go: {}\nmachines:\n  S:\n    entity: E\n    initial: x\n    states:\n      x: { on: { go: { to: y, guard: "${guard}" } } }\n      y: { final: true }\nslices:\n  service:\n    says: Build ${name}\n    implements: [S]\n    risk: low\n    writes: ["services/${name}/**", "services/shared/**"]\n`;
    const project = (ga: string, gb: string) => ({
      "intent/a.intent.yaml": domain("a", ga),
      "intent/b.intent.yaml": domain("b", gb),
    });
    for (const edited of [project("n > 1", "n > 0"), project("n > 0", "n > 1")]) {
      const { quick, full } = await compare(project("n > 0", "n > 0"), edited);
      const codes = full.diagnostics.map((d) => d.code);
      expect(codes).toContain("IC3205");
      expect(codes).toContain("IC3225");
      expect(quick?.program?.domains.length).toBe(1);
      expect(quick?.othersStale).toBe(false);
      expect(quick?.diagnostics).toEqual(full.diagnostics);
    }
  });

  it("the version checks of a quick check use the released lock", async () => {
    const base = example();
    // A guard made stricter: the lock says the released machine differs.
    const edited = {
      ...base,
      [ORDERS]: base[ORDERS].replace('guard: "paid == 0"', 'guard: "paid == 0 && total > 0"'),
    };
    const { quick, full } = await compare(base, edited, true);
    expect(full.diagnostics.length).toBeGreaterThan(0);
    expect(quick?.diagnostics).toEqual(full.diagnostics);
  });

  it("after an edit to what other files see, the edited file's diagnostics are right and the others are marked stale", async () => {
    const base = example();
    const renamed = {
      ...base,
      [ORDERS]: base[ORDERS].replace("  Sku: { type: string", "  StockUnit: { type: string"),
    };
    const { quick, full } = await compare(base, renamed);
    expect(quick?.othersStale).toBe(true);
    const own = (c: typeof full | undefined) => c?.diagnostics.filter((d) => d.file === ORDERS);
    expect(own(quick)).toEqual(own(full));
    // The others keep the last full check's diagnostics (none) until the next full check.
    expect(full.diagnostics.some((d) => d.file === "intent/inventory.intent.yaml")).toBe(true);
    expect(quick?.diagnostics.some((d) => d.file === "intent/inventory.intent.yaml")).toBe(false);
    const prose = { ...base, [ORDERS]: base[ORDERS].replace(/^summary: .*$/m, "summary: A.") };
    expect((await compare(base, prose)).quick?.othersStale).toBe(false);
  });

  it("leaves entries a host reports but does not read to the front end, and builds no quick check on them", async () => {
    const files = example();
    const memory = createMemoryHost(files);
    // A host that reports a skipped entry (the node host lists links and FIFOs so).
    const host = {
      ...memory,
      listSkipped: () => [{ path: "intent/x.intent.yaml", kind: "special-file", what: "a FIFO" }],
    };
    const checker = new IncrementalChecker("intent", () => undefined);
    const full = await checker.full(host);
    expect(full.diagnostics).toEqual(compile(host).diagnostics);
    expect(await checker.quick(host)).toBeUndefined();
  });

  it("takes the full check when two files changed or the files are not the same", async () => {
    const base = example();
    const two = {
      ...base,
      [ORDERS]: base[ORDERS].replace(/^summary: .*$/m, "summary: A."),
      "intent/inventory.intent.yaml": base["intent/inventory.intent.yaml"].replace(
        /^summary: .*$/m,
        "summary: B.",
      ),
    };
    expect((await compare(base, two)).quick).toBeUndefined();
    const added = {
      ...base,
      "intent/notes.intent.yaml": "intent: 1\ndomain: notes\nversion: 1.0.0\n",
    };
    expect((await compare(base, added)).quick).toBeUndefined();
  });

  it("goes no further than the front end went when a file outside the edited file's domains has errors", async () => {
    // Two domains that name nothing of each other: a quick check of `a` binds `a` alone.
    const a = (guard: string) =>
      `${HEADER.replace("shop", "a")}entities:\n  E: { fields: { n: integer, s: S } }\nevents:\n  go: {}\nmachines:\n  S:\n    entity: E\n    initial: x\n    states:\n      x: { on: { go: { to: y, guard: "${guard}" } } }\n      y: { final: true }\n`;
    const b = (type: string) =>
      `${HEADER.replace("shop", "b")}entities:\n  F: { fields: { m: ${type} } }\n`;
    const project = (guard: string, type: string) => ({
      "intent/a.intent.yaml": a(guard),
      "intent/b.intent.yaml": b(type),
    });
    // b names an unknown type: binding fails, so no file is type-checked — not even a's guard.
    const bound = await compare(project("n > 0", "Nope"), project("n > s", "Nope"));
    expect(bound.full.diagnostics.map((d) => d.code)).toEqual(["IC2003"]);
    expect(bound.quick?.program?.domains.map((d) => d.name)).toEqual(["a"]);
    expect(bound.quick?.diagnostics).toEqual(bound.full.diagnostics);
    // Without b's error, the guard's type error is reported (the same edit).
    const clean = await compare(project("n > 0", "integer"), project("n > s", "integer"));
    expect(clean.full.diagnostics.map((d) => d.file)).toEqual(["intent/a.intent.yaml"]);
    expect(clean.quick?.diagnostics).toEqual(clean.full.diagnostics);
  });

  it("a file that stops loading is reported as the front end reports it: load and shape errors only", async () => {
    const base = example();
    const edited = { ...base, [ORDERS]: `${base[ORDERS]}\n  broken: [\n` };
    const { quick, full } = await compare(base, edited);
    expect(quick?.complete).toBe(true);
    expect(quick?.diagnostics).toEqual(full.diagnostics);
    expect(full.diagnostics.map((d) => d.code)).toEqual(["IC1001"]);
  });

  it("on the benchmark corpus (200 entities), a quick check of the first domain re-binds only what it names", async () => {
    const corpus = Object.fromEntries(
      (generateCorpus({ entities: 200, seed: 1 }) as { files: Map<string, string> }).files,
    );
    const first = "intent/d0000.intent.yaml";
    const edited = {
      ...corpus,
      [first]: corpus[first].replace(/holds: "count <= (\d+)"/, 'holds: "count <= label"'),
    };
    expect(edited[first]).not.toBe(corpus[first]);
    const { quick, full } = await compare(corpus, edited);
    expect(full.diagnostics.some((d) => d.file === first)).toBe(true);
    expect(quick?.diagnostics).toEqual(full.diagnostics);
    // d0000 names no other domain: the quick check bound it alone (with the system file).
    expect(quick?.program?.domains.map((d) => d.name)).toEqual(["d0000"]);
    expect(full.program?.domains.length).toBe(10);
  });

  it("public parts leave out prose, invariants and transitions, not fields named like prose", () => {
    const v = (says: string, guard: string, field: string) => ({
      domain: "d",
      summary: says,
      entities: { E: { description: says, fields: { [field]: "string" } } },
      machines: {
        M: { entity: "E", initial: "a", states: { a: { on: { go: { to: "a", guard } } } } },
      },
      invariants: { "INV-1": { says, holds: guard } },
    });
    expect(publicPart(v("x", "a > 1", "says"))).toEqual(publicPart(v("y", "a > 2", "says")));
    expect(publicPart(v("x", "a > 1", "says"))).not.toEqual(
      publicPart(v("x", "a > 1", "description")),
    );
  });
});
