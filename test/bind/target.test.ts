/** `set:` keys as assignment targets: a field and its steps (entries of maps, fields of records). */
import { describe, expect, it } from "vitest";
import { parseTarget } from "../../compiler/bind/target.js";

describe("parseTarget", () => {
  it("splits a field, entries and members in any order, keys located in the text", () => {
    expect(parseTarget("paid")).toEqual({ field: "paid", steps: [] });
    expect(parseTarget("accounts[event.id].balance")).toEqual({
      field: "accounts",
      steps: [
        { kind: "entry", start: 9, end: 17 },
        { kind: "member", name: "balance" },
      ],
    });
    const t = parseTarget("m[k].inner[xs[0]].x")!;
    expect(
      t.steps.map((s) =>
        s.kind === "entry" ? "m[k].inner[xs[0]].x".slice(s.start, s.end) : s.name,
      ),
    ).toEqual(["k", "inner", "xs[0]", "x"]);
  });

  it("skips brackets inside string literals of a key", () => {
    const text = `m[k == ']' ? 'a' : "[b"].n`;
    const t = parseTarget(text)!;
    expect(t.steps[0].kind === "entry" && text.slice(t.steps[0].start, t.steps[0].end)).toBe(
      `k == ']' ? 'a' : "[b"`,
    );
    expect(t.steps[1]).toEqual({ kind: "member", name: "n" });
  });

  it("is undefined for text that is not a target (the key then names an unknown field)", () => {
    for (const text of ["", "1x", "m[]", "m[k", "m.", "m..x", "m[k]x", "m[k] .x", "m['a]", "a-b"])
      expect(parseTarget(text), text).toBeUndefined();
  });
});
