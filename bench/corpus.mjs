/**
 * Synthetic benchmark corpus: N domains of intent (types, entities, events, machines,
 * invariants, APIs, flows, slices) plus the equivalent TypeSpec model (`main.tsp` with one
 * `@jsonSchema` namespace per domain). Deterministic for a given seed.
 *
 *   node bench/corpus.mjs --entities 1000 --out /tmp/corpus-1000 [--seed 1] [--per-domain 20]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function createRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  "Account",
  "Invoice",
  "Customer",
  "Shipment",
  "Parcel",
  "Ticket",
  "Booking",
  "Voucher",
  "Ledger",
  "Refund",
  "Contract",
  "Policy",
  "Claim",
  "Device",
  "Sensor",
  "Reading",
  "Route",
  "Vehicle",
  "Driver",
  "Warehouse",
  "Supplier",
  "Quote",
  "Basket",
  "Review",
  "Coupon",
  "Session",
  "Profile",
  "Report",
  "Budget",
  "Asset",
];
const KIND_WORDS = [
  "basic",
  "standard",
  "premium",
  "internal",
  "external",
  "legacy",
  "trial",
  "bulk",
  "retail",
  "wholesale",
];

/** Field menu: [name stem, intent type ref, TypeSpec type, TypeSpec decorators]. */
const FIELD_MENU = [
  ["amount", "Money", "Money"],
  ["qty", "Qty", "Qty"],
  ["label", "Label", "Label"],
  ["kind", "Kind", "Kind"],
  ["code", "Code", "Code"],
  ["ratio", "Ratio", "Ratio"],
  ["active", "boolean", "boolean"],
  ["note", { type: "string", maxLength: 500 }, "string", "@maxLength(500)"],
  [
    "score",
    { type: "integer", minimum: -100, maximum: 100 },
    "int32",
    "@minValue(-100) @maxValue(100)",
  ],
  ["lines", { type: "array", items: "Item", maxItems: 20 }, "Item[]", "@maxItems(20)"],
  [
    "tags",
    { type: "array", items: "Label", maxItems: 8, uniqueItems: true },
    "Label[]",
    "@maxItems(8) @uniqueItems",
  ],
];

/** Format a YAML flow value (the corpus only uses identifiers, numbers and plain strings). */
function flow(v) {
  if (typeof v === "string") return /^[A-Za-z0-9_.]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(", ")}]`;
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${k}: ${flow(x)}`)
    .join(", ")} }`;
}

const pad = (n) => String(n).padStart(4, "0");
const domainName = (i) => `d${pad(i)}`;

/**
 * Generate the corpus in memory.
 * @returns {{ files: Map<string, string>, tsp: string, stats: Record<string, number> }}
 */
export function generateCorpus({ entities = 100, perDomain = 20, seed = 1 } = {}) {
  const rng = createRng(seed);
  const pick = (xs) => xs[Math.floor(rng() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  const domains = Math.max(1, Math.ceil(entities / perDomain));
  const files = new Map();
  const tsp = ['import "@typespec/json-schema";', "", "using TypeSpec.JsonSchema;", ""];
  const stats = {
    domains,
    entities: 0,
    fields: 0,
    machines: 0,
    invariants: 0,
    events: 0,
    flows: 0,
    slices: 0,
  };
  files.set("intent/system.intent.yaml", systemFile());
  let remaining = entities;
  for (let d = 0; d < domains; d++) {
    const count = Math.min(perDomain, remaining);
    remaining -= count;
    const [text, tspNs] = domainFile(d, count);
    files.set(`intent/${domainName(d)}.intent.yaml`, text);
    tsp.push(tspNs);
  }
  return { files, tsp: tsp.join("\n"), stats };

  function domainFile(d, count) {
    const name = domainName(d);
    const prev = d > 0 ? domainName(d - 1) : undefined;
    const kinds = KIND_WORDS.slice(0, int(3, 6));
    /** TypeSpec's JSON Schema emitter names each file after the bare type name, so names carry the domain. */
    const q = (expr) => expr.replace(/(?<![.\w])[A-Z]\w*/g, (m) => `${name.toUpperCase()}${m}`);
    const y = [
      "# yaml-language-server: $schema=../generated/intent.schema.json",
      "intent: 1",
      `domain: ${name}`,
      `version: 1.${d % 7}.0`,
      `summary: Synthetic domain ${d} for the intentc benchmark.`,
      `owners: [team-${name}]`,
      `risk: ${pick(["low", "medium", "high"])}`,
      "",
      "types:",
      "  Money: { type: integer, minimum: 0, maximum: 100000000, description: Amount in cents }",
      "  Qty: { type: integer, minimum: 1, maximum: 100 }",
      "  Label: { type: string, minLength: 1, maxLength: 64 }",
      '  Code: { type: string, pattern: "^[A-Z]{3}-[0-9]{4}$" }',
      '  Id: { type: string, pattern: "^[a-z0-9]{8}$", description: Record identifier }',
      "  Ratio: { type: number, minimum: 0, maximum: 1 }",
      `  Kind: { enum: ${flow(kinds)} }`,
      "  Item:",
      "    description: One line",
      "    fields:",
      "      code: Code",
      "      qty: Qty",
      "      price: Money",
      "",
      "entities:",
    ];
    const t = [
      `@jsonSchema`,
      `namespace ${name} {`,
      `  @minValue(0) @maxValue(100000000) scalar ${q("Money")} extends int64;`,
      `  @minValue(1) @maxValue(100) scalar ${q("Qty")} extends int32;`,
      `  @minLength(1) @maxLength(64) scalar ${q("Label")} extends string;`,
      `  @pattern("^[A-Z]{3}-[0-9]{4}$") scalar ${q("Code")} extends string;`,
      `  @pattern("^[a-z0-9]{8}$") scalar ${q("Id")} extends string;`,
      `  @minValue(0) @maxValue(1) scalar ${q("Ratio")} extends float64;`,
      `  enum ${q("Kind")} { ${kinds.join(", ")} }`,
      q("  model Item { code: Code; qty: Qty; price: Money; }"),
    ];
    const entityNames = [];
    const machines = [];
    for (let e = 0; e < count; e++) {
      const ename = `${NOUNS[e % NOUNS.length]}${e >= NOUNS.length ? Math.floor(e / NOUNS.length) : ""}`;
      entityNames.push(ename);
      const hasMachine = e % 5 === 0;
      y.push(
        `  ${ename}:`,
        "    key: id",
        `    description: ${ename} records of ${name}`,
        "    fields:",
        "      id: Id",
      );
      const tf = ["id: Id;"];
      const used = new Set();
      const n = int(3, 8);
      for (let f = 0; f < n; f++) {
        const [stem, ref, tType, deco] = pick(FIELD_MENU);
        const fname = used.has(stem) ? `${stem}${f}` : stem;
        used.add(stem);
        const optional = rng() < 0.2;
        y.push(`      ${fname}${optional ? "?" : ""}: ${flow(ref)}`);
        tf.push(`${deco ? deco + " " : ""}${fname}${optional ? "?" : ""}: ${tType};`);
      }
      if (prev && rng() < 0.3) {
        y.push(`      upstream?: ${prev}.Money`);
        tf.push(`upstream?: ${prev}.${prev.toUpperCase()}Money;`);
      }
      if (e > 0 && rng() < 0.25) {
        const target = entityNames[int(0, e - 1)];
        y.push(`      parent?: ${target}`);
        tf.push(`parent?: ${target};`);
      }
      if (hasMachine) {
        const machine = `${ename}Flow`;
        const cap = int(3, 10);
        machines.push({ machine, entity: ename, cap });
        y.push(
          "      count: { type: integer, minimum: 0, maximum: 10 }",
          "      total: Money",
          `      status: ${machine}`,
        );
        tf.push("@minValue(0) @maxValue(10) count: int32;", "total: Money;", `status: ${machine};`);
        t.push(q(`  enum ${machine} { draft, active, done, cancelled }`));
      }
      stats.entities++;
      stats.fields += tf.length;
      t.push(q(`  model ${ename} { ${tf.join(" ")} }`));
    }
    y.push(
      "",
      "events:",
      "  open: { description: Work starts }",
      "  add:",
      "    description: One more unit of work",
      "    fields: { amount: Qty }",
      "  close: {}",
      "  cancel:",
      "    fields: { reason?: Label }",
    );
    t.push(
      q("  model OpenEvent {}"),
      q("  model AddEvent { amount: Qty; }"),
      q("  model CloseEvent {}"),
      q("  model CancelEvent { reason?: Label; }"),
    );
    stats.events += 4;
    if (machines.length > 0) y.push("", "machines:");
    for (const { machine, entity, cap } of machines) {
      y.push(
        `  ${machine}:`,
        `    entity: ${entity}`,
        "    initial: draft",
        "    init: { count: 0, total: 0 }",
        "    states:",
        "      draft:",
        "        on:",
        "          open: active",
        "          cancel: cancelled",
        "      active:",
        "        on:",
        `          add: { guard: "count < ${cap} && total + event.amount <= 100000000", set: { count: "count + 1", total: "total + event.amount" } }`,
        '          close: { to: done, guard: "count > 0" }',
        "          cancel: cancelled",
        "      done: { final: true }",
        "      cancelled: { final: true }",
      );
      stats.machines++;
    }
    y.push("", "invariants:");
    machines.forEach(({ entity, cap }, k) => {
      const id = `${name.toUpperCase()}-${k * 3 + 1}`;
      y.push(
        `  ${id}:`,
        `    says: ${entity} never counts past its cap`,
        `    on: ${entity}`,
        `    holds: "count <= ${cap}"`,
        "    severity: critical",
        `  ${name.toUpperCase()}-${k * 3 + 2}:`,
        `    says: ${entity} counts only grow`,
        `    on: ${entity}`,
        '    holds: "count >= prev.count"',
        `  ${name.toUpperCase()}-${k * 3 + 3}:`,
        `    says: A finished ${entity} did some work`,
        `    on: ${entity}`,
        "    when: \"status == 'done'\"",
        '    holds: "count > 0"',
      );
      stats.invariants += 3;
    });
    const api = `${name.charAt(0).toUpperCase()}${name.slice(1)}Api`;
    y.push("", "api:", `  ${api}:`, `    description: Operations of ${name}`, "    operations:");
    for (const ename of entityNames.slice(0, 5)) {
      y.push(`      get${ename}: { input: { id: Id }, output: ${ename}, errors: [NotFound] }`);
    }
    y.push(
      "",
      "flows:",
      "  work:",
      "    says: Work moves from one domain to the next",
      "    value: Money",
      "    steps:",
    );
    y.push(`      - ${name}.open`);
    // Not `close -> add`: `add` needs an amount that `close` does not carry (flow rule IC3231).
    if (prev) y.push(`      - ${prev}.close`, `      - ${name}.add`);
    y.push(`      - ${name}.close`);
    stats.flows++;
    y.push("", "slices:", `  ${name}-core:`, `    says: Implement ${name} behind ${api}`);
    y.push(`    implements: ${flow([...machines.map((m) => m.machine), api])}`);
    if (prev) y.push(`    uses: [${prev}.${prev.charAt(0).toUpperCase()}${prev.slice(1)}Api]`);
    y.push(
      `    writes: ["services/${name}/**"]`,
      '    reads: ["services/shared/**"]',
      "    tools: [read, edit, test]",
      "    network: []",
    );
    stats.slices++;
    t.push("}", "");
    return [y.join("\n") + "\n", t.join("\n")];
  }
}

function systemFile() {
  return [
    "# yaml-language-server: $schema=../generated/intent.schema.json",
    "intent: 1",
    "system: bench",
    "version: 1.0.0",
    "summary: Synthetic system for the intentc benchmark.",
    "gates:",
    "  typecheck: { stage: static, command: [npx, tsc, --noEmit] }",
    "  test: { stage: test, command: [npx, vitest, run] }",
    "risk:",
    "  tiers:",
    "    low: { approvals: 0, retries: 2, gates: [typecheck, test] }",
    "    medium: { approvals: 1, retries: 1, gates: [typecheck, test] }",
    "    high: { approvals: 1, retries: 1, gates: [typecheck, test] }",
    "",
  ].join("\n");
}

/** Write the corpus into `dir`: intent/*.intent.yaml, tsp/main.tsp (+ tspconfig), package.json. */
export function writeCorpus(dir, options) {
  const corpus = generateCorpus(options);
  for (const [path, text] of corpus.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, "tsp"), { recursive: true });
  writeFileSync(join(dir, "tsp/main.tsp"), corpus.tsp);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "intentc-bench-corpus", private: true, type: "module" }, null, 2) + "\n",
  );
  return corpus;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : def;
  };
  const out = arg("out");
  if (!out) {
    process.stderr.write(
      "usage: node bench/corpus.mjs --entities N --out DIR [--seed S] [--per-domain K]\n",
    );
    process.exit(2);
  }
  const c = writeCorpus(out, {
    entities: Number(arg("entities", "100")),
    seed: Number(arg("seed", "1")),
    perDomain: Number(arg("per-domain", "20")),
  });
  process.stdout.write(`${JSON.stringify(c.stats)}\n`);
}
