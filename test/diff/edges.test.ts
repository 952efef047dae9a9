/** The diff edges a new architect hit: removed effects, valid counterexamples, version standing. */
import { describe, expect, test } from "vitest";
import { computeFindings } from "../../compiler/diff/findings.js";
import { renderFindings } from "../../compiler/diff/format.js";
import { domainVersions, standing } from "../../compiler/diff/verdict.js";
import { conforms } from "../../compiler/diff/arb.js";
import { normalizeProgram } from "../../compiler/ir/normalize.js";
import { memoryProgram } from "./fixtures.js";

const SYSTEM = "intent: 1\nsystem: s\nversion: 1.0.0\n";
const shop = (version: string, guard: string, set: string) => ({
  "intent/system.intent.yaml": SYSTEM,
  "intent/shop.intent.yaml": [
    "intent: 1",
    "domain: shop",
    `version: ${version}`,
    "types:",
    '  Sku: { type: string, pattern: "^[A-Z]{3}-[0-9]{4}$" }',
    "  Line: { fields: { sku: Sku, qty: { type: integer, minimum: 1, maximum: 9 } } }",
    "entities:",
    "  Order:",
    "    fields:",
    "      lines: { type: array, items: Line, maxItems: 3 }",
    "      total: { type: integer, minimum: 0, maximum: 100 }",
    "      status: Life",
    "events:",
    "  submit: { fields: { note: { type: string, maxLength: 4 } } }",
    "machines:",
    "  Life:",
    "    entity: Order",
    "    initial: draft",
    "    init: { total: 0 }",
    "    states:",
    "      draft:",
    "        on:",
    `          submit: { to: done, guard: "${guard}"${set} }`,
    "      done: { final: true }",
    "",
  ].join("\n"),
});

describe("diff edges", () => {
  const v1 = memoryProgram(shop("1.0.0", "lines.length > 0", ', set: { total: "1" }'));
  const v2 = memoryProgram(shop("1.1.0", "lines.length > 1", ""));
  const findings = computeFindings(normalizeProgram(v1), v2);

  test("a removed effect shows (none) on the right, not an empty text", () => {
    const f = findings.find((x) => x.rule === "transition-effect-changed")!;
    expect(f.message).toBe(
      "Transition effect changed (both) at shop.machines.Life.states.draft.on.submit.set: total = 1 → (none)",
    );
  });

  test("a guard-strengthening counterexample is a valid entity and payload (nested types and patterns included)", () => {
    const f = findings.find((x) => x.rule === "guard-strengthened")!;
    const cx = f.counterexample!;
    const order = v1.domains[0].entities[0];
    const submit = v1.domains[0].events[0];
    expect(conforms(v1, { kind: "object", fields: order.fields }, cx.entity)).toBe(true);
    expect(conforms(v1, { kind: "object", fields: submit.fields }, cx.value)).toBe(true);
    const lines = (cx.entity as { lines: { sku: string; qty: number }[] }).lines;
    expect(lines).toHaveLength(1);
    expect(lines[0].sku).toMatch(/^[A-Z]{3}-[0-9]{4}$/);
  });

  test("standing follows the versions as the build does: 1.0.0 → 1.1.0 blocks, → 2.0.0 allows", () => {
    const f = findings.find((x) => x.rule === "guard-strengthened")!;
    expect(standing(f, domainVersions(v1, v2))).toBe("blocking");
    expect(standing(f, [])).toBe("blocking");
    const v3 = memoryProgram(shop("2.0.0", "lines.length > 1", ""));
    const bumped = domainVersions(v1, v3);
    expect(bumped).toEqual([{ domain: "shop", from: "1.0.0", to: "2.0.0" }]);
    const again = computeFindings(normalizeProgram(v1), v3);
    expect(again.map((x) => standing(x, bumped)).filter((s) => s === "blocking")).toEqual([]);
    const text = renderFindings(again, "text", bumped);
    expect(text.split("\n")[0]).toBe("shop: 1.0.0 → 2.0.0 (major: breaking changes allowed)");
    expect(text).toContain(
      " breaking guard-strengthened Guard strengthened (input) at shop.machines.Life.states.draft.on.submit.guard",
    );
    expect(renderFindings(findings, "text", domainVersions(v1, v2)).split("\n")[0]).toBe(
      "shop: 1.0.0 → 1.1.0; 1 breaking change(s) need 2.0.0 or an approval",
    );
  });

  test("changes under an unchanged released version say the version must move", () => {
    const same = memoryProgram(shop("1.0.0", "lines.length > 0", ', set: { total: "2" }'));
    const text = renderFindings(
      computeFindings(normalizeProgram(v1), same),
      "text",
      domainVersions(v1, same),
    );
    expect(text.split("\n")[0]).toBe(
      "shop: 1.0.0 (unchanged); a released version cannot change: bump it (patch, or minor for additions)",
    );
  });
});
