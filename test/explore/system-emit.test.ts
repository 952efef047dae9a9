/**
 * The runtime predicates of flows (compiler/emit/system-invariants.ts): contracts/<domain>/flows.ts
 * holds each flow's participant record, its invariants and its conserved value, and they agree
 * with the system exploration on the same states.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import { systemInvariantsEmitter } from "../../compiler/emit/system-invariants.js";
import { flowSequenceEmitter } from "../../compiler/emit/flow-sequence.js";
import type { InvariantViolation } from "../../runtime/index.js";
import { writeTree } from "../contracts/fixture.js";

interface Account { balance: number; status: string }
interface Transfer { account: Account[] }
interface FlowsModule {
  checkTransferInvariants(prev: Transfer | undefined, next: Transfer): InvariantViolation[];
  transferValue(s: Transfer): number;
  transferConserved(prev: Transfer, next: Transfer): boolean;
}
const DIR = join(import.meta.dirname, "..", ".tmp-system-emit");
const program = () => compile(createNodeHost("test/fixtures/explore/system-bank"), { dir: "intent" }).program!;
const accounts = (...b: number[]): Transfer => ({ account: b.map((balance) => ({ balance, status: "open" })) });

describe("flow predicates emitter", () => {
  let mod: FlowsModule;
  beforeAll(async () => {
    writeTree(DIR, systemInvariantsEmitter.emit(program(), { report: () => {}, options: {} }));
    mod = (await import(pathToFileURL(join(DIR, "contracts/bank/flows.ts")).href)) as FlowsModule;
  });
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it("emits the participants' record with an array for several instances", () => {
    const text = systemInvariantsEmitter.emit(program(), { report: () => {}, options: {} }).get("contracts/bank/flows.ts")!;
    expect(text).toContain("export interface TransferSystem {\n  /** bank.AccountLifecycle, 3 instances */\n  readonly account: readonly $T.Account[];\n}");
    expect(text).toContain("return (system.account.reduce((sum$, a$) => (sum$ + a$.balance), 0));");
  });

  it("checks the flow's invariants and conserved value at runtime", () => {
    expect(mod.checkTransferInvariants(undefined, accounts(2, 2, 2))).toEqual([]);
    expect(mod.checkTransferInvariants(accounts(2, 2, 2), accounts(1, 2, 2)).map((v) => v.id)).toEqual(["BANK-1"]);
    expect(mod.transferValue(accounts(1, 2, 3))).toBe(6);
    expect(mod.transferConserved(accounts(2, 2, 2), accounts(0, 4, 2))).toBe(true);
    expect(mod.transferConserved(accounts(2, 2, 2), accounts(0, 3, 2))).toBe(false);
  });

  it("emits nothing for a domain without flows that have rules", () => {
    const files = systemInvariantsEmitter.emit(compile(createNodeHost("test/fixtures/explore/bank"), { dir: "intent" }).program!, { report: () => {}, options: {} });
    expect([...files.keys()]).toEqual([]);
  });
});

describe("flow sequence diagrams", () => {
  it("draws the environment, one lifeline per participant and each triggered event in its step", () => {
    const files = flowSequenceEmitter.emit(program(), { report: () => {}, options: {} });
    expect([...files.keys()]).toEqual(["docs/sequences/bank.transfer.svg", "docs/sequences/bank.transfer.txt"]);
    expect(files.get("docs/sequences/bank.transfer.txt")).toBe(
      [
        "Flow bank.transfer (value: bank.Amount): Money moves between accounts and is never created or destroyed",
        "Participants: account ×3 = bank.AccountLifecycle",
        "",
        "1.  environment → account ×3  bank.withdraw",
        "    account ×3 ⇒ account ×3   bank.deposit { amount: event.amount } to event.to   (same atomic step)",
        "",
        "Conserved: (account.reduce((sum, a) => sum + a.balance, 0))",
        "BANK-1: The three balances always add up to 6",
        "BANK-2: No account is ever empty while another holds everything",
        "",
      ].join("\n"),
    );
    const svg = files.get("docs/sequences/bank.transfer.svg")!;
    expect(svg).toContain('<text class="head" x="255" y="26" text-anchor="middle">account ×3</text>');
    expect(svg.match(/<line class="trig"|<path class="trig"/g)?.length).toBe(1);
  });
});
