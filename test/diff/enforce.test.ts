/** Semver enforcement (IC6001–IC6008) with exact positions, approvals, and the guard counterexample. */
import { describe, expect, test } from "vitest";
import { enforceVersions } from "../../compiler/diff/enforce.js";
import { expectDiagnostics } from "../helpers.js";
import { lockOf, memoryProgram } from "./fixtures.js";

const TODAY = "2025-06-01";

/** A one-domain intent; the guard sits on line 19, its scalar at column 35. */
function shop(version: string, guard: string, extra = ""): Record<string, string> {
  return {
    "intent/shop.intent.yaml": [
      "intent: 1",
      "domain: shop",
      `version: ${version}`,
      "entities:",
      "  Order:",
      "    key: id",
      "    fields:",
      "      id: string",
      "      amount: integer",
      "events:",
      "  pay: { fields: { amount: integer } }",
      "machines:",
      "  Flow:",
      "    entity: Order",
      "    initial: open",
      "    states:",
      "      open:",
      "        on:",
      `          pay: { to: done, guard: "${guard}" }`,
      "      done: { final: true }",
      extra,
    ].join("\n"),
  };
}

const base = lockOf(memoryProgram(shop("1.0.0", "event.amount > 0")));

describe("enforceVersions", () => {
  test("IC6002: guard amount > 0 → amount > 10 without a major bump, with a concrete payload", () => {
    const diags = enforceVersions(memoryProgram(shop("1.1.0", "event.amount > 10")), base, {
      today: TODAY,
    });
    expectDiagnostics(diags, [
      { code: "IC6002", file: "intent/shop.intent.yaml", line: 19, column: 35 },
    ]);
    expect(diags[0].message).toContain("'guard-strengthened'");
    expect(diags[0].message).toContain("(1.0.0 → 1.1.0)");
    const payload =
      /counterexample the old contract accepts and the new one rejects: the event payload (\{[^}]*\}) on the record \{/.exec(
        diags[0].message,
      );
    expect(payload).not.toBeNull();
    const amount = (JSON.parse(payload![1]) as { amount: number }).amount;
    expect(amount > 0 && amount <= 10).toBe(true);
  });

  test("a major bump accepts the breaking change", () => {
    expect(
      enforceVersions(memoryProgram(shop("2.0.0", "event.amount > 10")), base, { today: TODAY }),
    ).toEqual([]);
  });

  test("below 1.0.0 a minor bump is enough", () => {
    const zero = lockOf(memoryProgram(shop("0.3.0", "event.amount > 0")));
    expect(
      enforceVersions(memoryProgram(shop("0.4.0", "event.amount > 10")), zero, { today: TODAY }),
    ).toEqual([]);
    expectDiagnostics(
      enforceVersions(memoryProgram(shop("0.3.1", "event.amount > 10")), zero, { today: TODAY }),
      [{ code: "IC6002", line: 19, column: 35 }],
    );
  });

  test("IC6003: version decreased, at the version", () => {
    expectDiagnostics(
      enforceVersions(memoryProgram(shop("0.9.0", "event.amount > 0")), base, { today: TODAY }),
      [{ code: "IC6003", line: 3, column: 10 }],
    );
  });

  test("IC6004: a released version whose content changed; a prerelease may change", () => {
    expectDiagnostics(
      enforceVersions(memoryProgram(shop("1.0.0", "event.amount > 0 || event.amount < 0")), base, {
        today: TODAY,
      }),
      [{ code: "IC6004", line: 3, column: 10, message: /kept the released version 1.0.0/ }],
    );
    const pre = lockOf(memoryProgram(shop("1.1.0-dev", "event.amount > 0")));
    expect(
      enforceVersions(memoryProgram(shop("1.1.0-dev", "event.amount >= 0")), pre, { today: TODAY }),
    ).toEqual([]);
  });

  test("no change, no diagnostic; a compatible change with a minor bump passes", () => {
    expect(
      enforceVersions(memoryProgram(shop("1.0.0", "event.amount > 0")), base, { today: TODAY }),
    ).toEqual([]);
    expect(
      enforceVersions(memoryProgram(shop("1.1.0", "event.amount > 0 || event.amount < 0")), base, {
        today: TODAY,
      }),
    ).toEqual([]);
  });

  const approve = (rule: string, expires = "2099-01-01") =>
    `approvedBreaking:\n      - { rule: ${rule}, reason: no sender uses small amounts, expires: "${expires}" }`;

  function withApproval(
    version: string,
    guard: string,
    rule: string,
    expires?: string,
  ): Record<string, string> {
    const files = shop(version, guard);
    const text = files["intent/shop.intent.yaml"].replace(
      "    entity: Order\n",
      `    entity: Order\n    ${approve(rule, expires)}\n`,
    );
    return { "intent/shop.intent.yaml": text };
  }

  test("an approval next to the element accepts the breaking change", () => {
    expect(
      enforceVersions(
        memoryProgram(withApproval("1.1.0", "event.amount > 10", "guard-strengthened")),
        base,
        { today: TODAY },
      ),
    ).toEqual([]);
  });

  test("IC6005 unknown, IC6006 unused and IC6007 expired approvals, at the approval entry", () => {
    expectDiagnostics(
      enforceVersions(
        memoryProgram(withApproval("1.0.0", "event.amount > 0", "guard-tightened")),
        base,
        { today: TODAY },
      ),
      [{ code: "IC6005", line: 16, column: 9 }],
    );
    expectDiagnostics(
      enforceVersions(
        memoryProgram(withApproval("1.0.0", "event.amount > 0", "guard-added")),
        base,
        { today: TODAY },
      ),
      [{ code: "IC6006", line: 16, column: 9 }],
    );
    expectDiagnostics(
      enforceVersions(
        memoryProgram(
          withApproval("1.1.0", "event.amount > 10", "guard-strengthened", "2025-01-01"),
        ),
        base,
        { today: TODAY },
      ),
      [{ code: "IC6007", line: 16, column: 9 }],
    );
  });

  test("an approval carried in the lock is not unused on the next build", () => {
    const approved = memoryProgram(
      withApproval("1.1.0", "event.amount > 10", "guard-strengthened"),
    );
    const next = lockOf(approved, base);
    expect(enforceVersions(approved, next, { today: TODAY })).toEqual([]);
  });

  test("IC6001: invalid semver at the version (a Program the shape check did not see, e.g. from a lock)", () => {
    const p = memoryProgram(shop("1.0.0", "event.amount > 0"));
    const bad = { ...p, domains: p.domains.map((d) => ({ ...d, version: "1.0" })) };
    expectDiagnostics(enforceVersions(bad, undefined, { today: TODAY }), [
      { code: "IC6001", line: 3, column: 10, message: /'1.0' is not a valid semantic version/ },
    ]);
  });

  test("IC6008: a hand-edited lock is detected, not merged", () => {
    const tampered = JSON.parse(JSON.stringify(base));
    tampered.program.domains[0].version = "0.0.1";
    expectDiagnostics(
      enforceVersions(memoryProgram(shop("1.0.0", "event.amount > 0")), tampered, { today: TODAY }),
      [{ code: "IC6008", file: "generated/intent.lock.json", line: 1, column: 1 }],
    );
  });

  describe("removed declarations: the hint and the approval agree", () => {
    // v1 has a second event `refund`; the new version removes it.
    const withRefund = (version: string, top = "") => {
      const text = shop(version, "event.amount > 0")["intent/shop.intent.yaml"];
      const out = text.replace(
        "  pay: { fields: { amount: integer } }\n",
        "  pay: { fields: { amount: integer } }\n  refund: {}\n",
      );
      return {
        "intent/shop.intent.yaml": out.replace(
          `version: ${version}\n`,
          `version: ${version}\n${top}`,
        ),
      };
    };
    const before = lockOf(memoryProgram(withRefund("1.0.0")));
    const removed = (version: string, top = "") => {
      const files = withRefund(version, top);
      return {
        "intent/shop.intent.yaml": files["intent/shop.intent.yaml"].replace("  refund: {}\n", ""),
      };
    };
    const approval = (element: string, rule = "event-removed") =>
      `approvedBreaking:\n  - { rule: ${rule}, element: ${element}, reason: nobody refunds, expires: "2099-01-01" }\n`;

    test("IC6002 for a removed declaration says where its approval goes", () => {
      const diags = enforceVersions(memoryProgram(removed("1.1.0")), before, { today: TODAY });
      expectDiagnostics(diags, [{ code: "IC6002", line: 2, column: 9 }]);
      expect(diags[0].hint).toBe(
        "Bump the version to 2.0.0, or approve the removal at the top of the domain file: approvedBreaking: [{ rule: event-removed, element: refund, reason, expires }].",
      );
    });

    test("IC6002 for a change inside a declaration names the declaration to approve it on", () => {
      const diags = enforceVersions(memoryProgram(shop("1.1.0", "event.amount > 10")), base, {
        today: TODAY,
      });
      expect(diags[0].hint).toBe(
        "Bump the version to 2.0.0, or approve it on 'Flow': approvedBreaking: [{ rule: guard-strengthened, reason, expires }].",
      );
    });

    test("the approval the hint shows is accepted; a wrong element is unused (IC6006) and the break still blocks", () => {
      expect(
        enforceVersions(memoryProgram(removed("1.1.0", approval("refund"))), before, {
          today: TODAY,
        }),
      ).toEqual([]);
      const wrong = enforceVersions(memoryProgram(removed("1.1.0", approval("refnud"))), before, {
        today: TODAY,
      });
      expect(wrong.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([
        "IC6006 5:5 Approval for 'event-removed' on 'shop/refnud' matches no change.",
        expect.stringMatching(/^IC6002 2:9 Breaking change 'event-removed'/),
      ]);
    });

    test("an approval on a declaration that still exists does not count as a removal approval", () => {
      const kept = enforceVersions(memoryProgram(withRefund("1.0.0", approval("refund"))), before, {
        today: TODAY,
      });
      expectDiagnostics(kept, [{ code: "IC6006", line: 5, column: 5 }]);
    });

    test("expired removal approvals are IC6007", () => {
      const old = approval("refund").replace("2099-01-01", "2025-01-01");
      expectDiagnostics(
        enforceVersions(memoryProgram(removed("1.1.0", old)), before, { today: TODAY }),
        [{ code: "IC6007", line: 5, column: 5 }],
      );
    });
  });
});
