/**
 * The diagnostic table: names map to stable codes, codes are unique and in their phase's
 * range, no section silently overrides another's name, and every code is exercised by a test
 * (a fixture folder, or a `covered-elsewhere/*.json` entry pointing at a test that names it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnostics } from "../../compiler/diagnostics.js";
import type { DiagnosticDef } from "../../compiler/diagnostic.js";
import { loadDiagnostics } from "../../compiler/diagnostics/load.js";
import { bindDiagnostics } from "../../compiler/diagnostics/bind.js";
import { checkDiagnostics } from "../../compiler/diagnostics/check.js";
import { exprDiagnostics } from "../../compiler/diagnostics/expr.js";
import { emitDiagnostics } from "../../compiler/diagnostics/emit.js";
import { writeDiagnostics } from "../../compiler/diagnostics/write.js";
import { diffDiagnostics } from "../../compiler/diagnostics/diff.js";
import { governanceDiagnostics } from "../../compiler/diagnostics/governance.js";
import { exploreDiagnostics } from "../../compiler/diagnostics/explore.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(REPO, "test/fixtures/diagnostics");
const ELSEWHERE = join(FIXTURES, "covered-elsewhere");

/** Each section and the code range it owns. */
const SECTIONS: readonly [string, Record<string, DiagnosticDef>, RegExp][] = [
  ["load", loadDiagnostics, /^IC1\d{3}$/],
  ["bind", bindDiagnostics, /^IC2\d{3}$/],
  ["check", checkDiagnostics, /^IC3\d{3}$/],
  ["expr", exprDiagnostics, /^IC4\d{3}$/],
  ["emit", emitDiagnostics, /^IC5[0-4]\d{2}$/],
  ["write", writeDiagnostics, /^IC55\d{2}$/],
  ["diff", diffDiagnostics, /^IC6\d{3}$/],
  ["governance", governanceDiagnostics, /^IC7\d{3}$/],
  ["explore", exploreDiagnostics, /^IC8\d{3}$/],
];

const table = diagnostics as Record<string, DiagnosticDef>;

describe("diagnostic table", () => {
  it("maps every name to a stable code (update with -u only when adding codes)", () => {
    const frontEnd = Object.fromEntries(
      Object.entries(table)
        .map(([name, d]) => [name, d.code])
        .sort(([, a], [, b]) => (a < b ? -1 : 1)),
    );
    expect(frontEnd).toMatchInlineSnapshot(`
      {
        "agents-md-too-large": "IC7002",
        "alias-not-allowed": "IC1004",
        "breaking-change-without-major": "IC6002",
        "build-locked": "IC5505",
        "constraint-not-applicable": "IC3007",
        "constraint-on-reference": "IC2012",
        "contract-name-collision": "IC5002",
        "dead-end-state": "IC3105",
        "dedented-key": "IC1108",
        "duplicate-domain": "IC2001",
        "duplicate-enum-value": "IC3004",
        "duplicate-key": "IC1005",
        "duplicate-name": "IC2002",
        "duplicate-slice-id": "IC3225",
        "duplicate-system": "IC2011",
        "effect-breaks-type": "IC8006",
        "empty-range": "IC3002",
        "event-never-enabled": "IC8004",
        "exercise-unreachable": "IC3211",
        "expired-approval": "IC6007",
        "exploration-incomplete": "IC8008",
        "exploration-sampled": "IC8010",
        "expr-call-not-allowed": "IC4005",
        "expr-helper-arguments": "IC4010",
        "expr-inexact-number": "IC4020",
        "expr-not-allowed": "IC4002",
        "expr-reference-equality": "IC4032",
        "expr-reserved-property": "IC4004",
        "expr-syntax": "IC4001",
        "expr-too-deep": "IC4007",
        "expr-too-long": "IC4006",
        "expr-type-error": "IC4008",
        "expr-unknown-name": "IC4003",
        "expr-wrong-type": "IC4009",
        "expression-failed": "IC8007",
        "file-too-large": "IC1002",
        "final-state-with-transitions": "IC3103",
        "flow-event-unhandled": "IC3230",
        "flow-explored": "IC8024",
        "flow-invariant-violated": "IC8020",
        "flow-mapping-without-target": "IC3237",
        "flow-not-composed": "IC8025",
        "flow-payload-mismatch": "IC3232",
        "flow-payload-missing": "IC3231",
        "flow-payload-unknown-field": "IC3233",
        "flow-step-failed": "IC8023",
        "flow-step-never-taken": "IC8026",
        "flow-trigger-cycle": "IC3236",
        "flow-value-not-moved": "IC3235",
        "flow-value-not-numeric": "IC3234",
        "indexed-set-conflict": "IC4031",
        "indexed-set-not-map": "IC4030",
        "inexact-number": "IC1012",
        "init-value-out-of-type": "IC3109",
        "intent-dir-outside": "IC1050",
        "invalid-character": "IC1013",
        "invalid-flow-step": "IC2014",
        "invalid-name": "IC1105",
        "invalid-pattern": "IC3003",
        "invalid-semver": "IC6001",
        "invalid-value": "IC1104",
        "invariant-needs-entity": "IC2013",
        "invariant-violated": "IC8001",
        "machine-deadlock": "IC8002",
        "map-key-integer-like": "IC3031",
        "map-key-not-finite": "IC3030",
        "member-set-not-record": "IC4033",
        "member-set-unknown": "IC4034",
        "message-refused": "IC8027",
        "missing-property": "IC1102",
        "missing-risk-tier": "IC2015",
        "multiple-documents": "IC1009",
        "multiple-state-fields": "IC3106",
        "name-aliases": "IC3223",
        "name-case-collision": "IC3224",
        "no-intent-files": "IC1107",
        "non-string-key": "IC1008",
        "optional-key-field": "IC3006",
        "output-drifted": "IC5507",
        "output-extra": "IC5509",
        "output-missing": "IC5508",
        "output-not-directory": "IC5504",
        "output-not-generated": "IC5510",
        "output-outside-root": "IC5502",
        "output-overlaps-intent": "IC5511",
        "output-symlink": "IC5501",
        "output-unsafe-path": "IC5503",
        "output-write-failed": "IC5506",
        "overlapping-guards": "IC8005",
        "pack-over-budget": "IC7001",
        "pattern-without-generator": "IC5004",
        "released-version-changed": "IC6004",
        "reserved-contract-name": "IC5003",
        "reserved-key": "IC1006",
        "risk-tier-undefined": "IC3210",
        "risk-tier-without-gates": "IC3206",
        "scope-alias-name": "IC3221",
        "scope-control-path": "IC3204",
        "scope-escapes-repo": "IC3201",
        "scope-negated": "IC3202",
        "scope-not-canonical": "IC3220",
        "scope-overlap": "IC3205",
        "scope-too-broad": "IC3203",
        "scope-too-complex": "IC3222",
        "scope-unsupported-glob": "IC3207",
        "set-target-overlap": "IC4036",
        "set-through-optional": "IC4035",
        "shadowed-transition": "IC3108",
        "slice-no-write-root": "IC7003",
        "special-file": "IC1051",
        "stale-lock": "IC6008",
        "state-field-assigned": "IC3107",
        "symlink-inside": "IC1053",
        "symlink-outside": "IC1052",
        "system-deadlock": "IC8022",
        "too-deep": "IC1003",
        "too-many-nodes": "IC1007",
        "type-cycle": "IC3001",
        "type-too-deep": "IC2016",
        "unknown-approval-rule": "IC6005",
        "unknown-domain": "IC2004",
        "unknown-entity": "IC2006",
        "unknown-event": "IC2005",
        "unknown-field": "IC2010",
        "unknown-gate": "IC2009",
        "unknown-initial-state": "IC3101",
        "unknown-key-field": "IC3005",
        "unknown-property": "IC1101",
        "unknown-risk-tier": "IC2008",
        "unknown-slice-target": "IC2007",
        "unknown-target-state": "IC3102",
        "unknown-type": "IC2003",
        "unreachable-state": "IC8003",
        "unreachable-state-static": "IC3104",
        "unsupported-intent-version": "IC1106",
        "unsupported-pattern": "IC5001",
        "unused-approval": "IC6006",
        "value-not-conserved": "IC8021",
        "version-decreased": "IC6003",
        "wrong-type": "IC1103",
        "yaml-directive": "IC1010",
        "yaml-syntax": "IC1001",
        "yaml-tag": "IC1011",
      }
    `);
  });

  it("has unique codes", () => {
    const byCode = new Map<string, string[]>();
    for (const [name, d] of Object.entries(table))
      byCode.set(d.code, [...(byCode.get(d.code) ?? []), name]);
    const dupes = [...byCode].filter(([, names]) => names.length > 1);
    expect(dupes).toEqual([]);
  });

  it("has no name declared in two sections (a later spread would silently win)", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [section, defs] of SECTIONS) {
      for (const name of Object.keys(defs)) {
        const prev = owner.get(name);
        if (prev) clashes.push(`${name}: ${prev} and ${section}`);
        else owner.set(name, section);
      }
    }
    expect(clashes).toEqual([]);
    expect(owner.size).toBe(Object.keys(table).length);
  });

  it("keeps every code in its phase's range, with a kebab-case name and a capitalised message", () => {
    const wrong: string[] = [];
    for (const [section, defs, range] of SECTIONS) {
      for (const [name, d] of Object.entries(defs)) {
        if (!range.test(d.code)) wrong.push(`${section}: ${name} has ${d.code}`);
        if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) wrong.push(`${name} is not kebab-case`);
        const first = d.message.parts[0] ?? "";
        if (first !== "" && !/^[A-Z'`]/.test(first))
          wrong.push(`${name}: message does not start with a capital`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has a fixture or a covering test for every code", () => {
    const fixtures = readdirSync(FIXTURES).filter(
      (n) => /^IC\d{4}-/.test(n) && statSync(join(FIXTURES, n)).isDirectory(),
    );
    const covered = new Set(fixtures.map((n) => n.slice(0, 6)));
    const broken: string[] = [];
    for (const file of readdirSync(ELSEWHERE)
      .filter((n) => n.endsWith(".json"))
      .sort()) {
      const map = JSON.parse(readFileSync(join(ELSEWHERE, file), "utf8")) as Record<
        string,
        unknown
      >;
      for (const [code, testPath] of Object.entries(map)) {
        const abs = typeof testPath === "string" ? join(REPO, testPath) : "";
        if (!/^IC\d{4}$/.test(code) || typeof testPath !== "string" || !existsSync(abs)) {
          broken.push(`${file}: ${code} → ${String(testPath)} (no such test)`);
        } else if (!readFileSync(abs, "utf8").includes(code)) {
          broken.push(`${file}: ${testPath} never mentions ${code}`);
        } else covered.add(code);
      }
    }
    expect(broken).toEqual([]);
    const missing = Object.entries(table)
      .filter(([, d]) => !covered.has(d.code))
      .map(([name, d]) => `${d.code} ${name}`)
      .sort();
    expect(missing, "codes without a fixture folder or a covered-elsewhere entry").toEqual([]);
  });

  it("names each fixture folder after a code that exists", () => {
    const codes = new Set(Object.values(table).map((d) => d.code));
    const stray = readdirSync(FIXTURES).filter(
      (n) => /^IC\d{4}-/.test(n) && !codes.has(n.slice(0, 6)),
    );
    expect(stray).toEqual([]);
  });
});
