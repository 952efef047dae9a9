/**
 * `set:` targets with a path (`"accounts[event.from].balance"`, `audit.moved`), as a client sees
 * them: the names in an entry's key (`event.from`: the event's field `from`) and the record fields
 * after `.` (`.balance`: the field of the map's value type `Account`; `.frozen`, `.moved`: fields
 * of records written inline) go to their declarations, are listed by find references, renamed
 * (only the name, also inside quoted keys with escapes, and as a key of an object literal that
 * initialises the field) and hovered. The oracle for references and
 * renames is a plain text search of the file (every occurrence of the name outside prose is a use
 * of the declaration), and a renamed file must still check clean.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hover, Location, Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { applyEdits, startClient, type Client } from "./client.js";
import { compileMemory } from "../helpers.js";

const FILE = "intent/bank.intent.yaml";
const TEXT = `intent: 1
domain: bank
version: 1.0.0
types:
  Acct: { enum: [a, b, c] }
  Balance: { type: integer, minimum: 0, maximum: 4 }
  Account:
    fields:
      balance: Balance
      flags: { fields: { frozen: boolean } }
entities:
  Ledger:
    fields:
      accounts: { type: map, keys: Acct, values: Account }
      audit: { fields: { moved: boolean } }
events:
  transfer: { fields: { from: Acct, to: Acct, amount: Balance } }
  freeze: { fields: { who: Acct } }
  reset: {}
  fix: {}
machines:
  Book:
    entity: Ledger
    initial: open
    init:
      accounts: "{ a: { balance: 2, flags: { frozen: false } }, b: { balance: 1, flags: { frozen: false } }, c: { \\"balance\\": 1, flags: { frozen: false } } }"
      audit: "{ moved: false }"
    states:
      open:
        on:
          transfer:
            guard: "event.from != event.to && accounts[event.from].balance >= event.amount && accounts[event.to].balance + event.amount <= 4"
            set:
              "accounts[event.from].balance": "accounts[event.from].balance - event.amount"
              "accounts[event.to].balance": "accounts[event.to].balance + event.amount"
              audit.moved: "true"
          freeze:
            guard: "!accounts[event.who].flags.frozen"
            set:
              "accounts[event.who].flags.frozen": "true"
          reset:
            set:
              "accounts[\\"a\\"].balance": "0"
          fix:
            set:
              'accounts[''b''].balance': "0"
invariants:
  BANK-1:
    says: The total stays bounded
    holds: "sum(accounts, (x) => x.balance) <= 12"
  BANK-2:
    says: After a transfer the balance of a is still one
    when: "audit.moved"
    holds: "accounts.a.balance >= 0"
`;
const LINES = TEXT.split("\n");

/** The LSP range of the `nth` match of `re` on the first line containing `marker`. */
function rangeOn(marker: string, re: RegExp, nth = 0): Range {
  const line = LINES.findIndex((l) => l.includes(marker));
  expect(line, marker).toBeGreaterThanOrEqual(0);
  const m = [...LINES[line].matchAll(new RegExp(re.source, "g"))][nth];
  expect(m, `${marker} ${re}`).toBeDefined();
  const character = m.index as number;
  return { start: { line, character }, end: { line, character: character + m[0].length } };
}

/** Every match of `re` outside prose (`says:` lines), as ranges in text order. */
function textSearch(re: RegExp): Range[] {
  return LINES.flatMap((l, line) =>
    /^\s*says:/.test(l)
      ? []
      : [...l.matchAll(new RegExp(re.source, "g"))].map((m) => ({
          start: { line, character: m.index as number },
          end: { line, character: (m.index as number) + m[0].length },
        })),
  );
}

describe("lsp: names inside set: targets with a path", () => {
  let c: Client;
  const at = (r: Range) => ({ textDocument: { uri: c.uri(FILE) }, position: r.start });
  const def = (r: Range) => c.conn.sendRequest<Location | null>("textDocument/definition", at(r));
  const refs = async (r: Range) =>
    (
      await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...at(r),
        context: { includeDeclaration: true },
      })
    ).map((l) => {
      expect(l.uri).toBe(c.uri(FILE));
      return l.range;
    });
  const rename = async (r: Range, newName: string) => {
    const edit = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
      ...at(r),
      newName,
    });
    expect(Object.keys(edit.changes ?? {})).toEqual([c.uri(FILE)]);
    return edit.changes![c.uri(FILE)];
  };

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), "intentc-lsp-"));
    mkdirSync(join(root, "intent"));
    writeFileSync(join(root, FILE), TEXT);
    c = await startClient(root);
    await c.open(FILE, TEXT);
    expect(await c.diagnosticsOf(FILE, 1)).toEqual([]);
  });
  afterAll(() => c.close());

  it("goes from a key's names and from the record fields after '.' to their declarations", async () => {
    const key = '"accounts[event.from].balance":';
    const decl = (marker: string, re: RegExp) => ({ uri: c.uri(FILE), range: rangeOn(marker, re) });
    // The event's field named in the entry's key.
    expect(await def(rangeOn(key, /from/))).toEqual(decl("transfer: {", /\bfrom\b/));
    expect(await def(rangeOn('"accounts[event.who].flags', /who/))).toEqual(
      decl("freeze: {", /\bwho\b/),
    );
    // The field of the map's value type, and the fields of records written inline.
    expect(await def(rangeOn(key, /balance/))).toEqual(decl("balance: Balance", /balance/));
    expect(await def(rangeOn('"accounts[event.who].flags', /flags/))).toEqual(
      decl("flags: { fields", /flags/),
    );
    expect(await def(rangeOn('"accounts[event.who].flags', /frozen/))).toEqual(
      decl("flags: { fields", /frozen/),
    );
    expect(await def(rangeOn("audit.moved:", /moved/))).toEqual(decl("audit: {", /moved/));
    // After an escaped quote (`\"` in a double-quoted key, `''` in a single-quoted one).
    expect(await def(rangeOn('"accounts[\\"a\\"]', /balance/))).toEqual(
      decl("balance: Balance", /balance/),
    );
    expect(await def(rangeOn("'accounts[''b'']", /balance/))).toEqual(
      decl("balance: Balance", /balance/),
    );
  });

  it("finds every use of a record type's field: set keys, guards, values, invariants", async () => {
    const all = textSearch(/\bbalance\b/);
    // The declaration, 3 in `init` (record literals), 2 guard reads, 4 keys, 2 values, 2 invariants.
    expect(all).toHaveLength(14);
    expect(await refs(rangeOn("balance: Balance", /balance/))).toEqual(all);
    expect(await refs(rangeOn("'accounts[''b'']", /balance/))).toEqual(all);
    expect(await refs(rangeOn("audit.moved:", /moved/))).toEqual(textSearch(/\bmoved\b/));
    expect(await refs(rangeOn('"accounts[event.to].balance"', /to/))).toEqual(
      textSearch(/(?<=event\.)to\b|\bto(?=: Acct)/),
    );
  });

  it("renames a record type's field everywhere, replacing only the name inside quoted keys", async () => {
    const edits = await rename(rangeOn("balance: Balance", /balance/), "funds");
    expect(edits.map((e) => e.range)).toEqual(textSearch(/\bbalance\b/));
    const renamed = applyEdits(TEXT, edits);
    expect(renamed).toContain(`"accounts[\\"a\\"].funds": "0"`);
    expect(renamed).toContain(`'accounts[''b''].funds': "0"`);
    expect(renamed).toContain(
      `"accounts[event.from].funds": "accounts[event.from].funds - event.amount"`,
    );
    expect(
      compileMemory({ [FILE]: renamed }).diagnostics.filter((d) => d.severity === "error"),
    ).toEqual([]);
  });

  it("renames an event's field from its use in a key, and a field of an inline record", async () => {
    const from = await rename(rangeOn('"accounts[event.from].balance":', /from/), "source");
    expect(from.map((e) => e.range)).toEqual(textSearch(/\bfrom\b/));
    const frozen = await rename(rangeOn('"accounts[event.who].flags', /frozen/), "locked");
    expect(frozen.map((e) => e.range)).toEqual(textSearch(/\bfrozen\b/));
    for (const edits of [from, frozen])
      expect(
        compileMemory({ [FILE]: applyEdits(TEXT, edits) }).diagnostics.filter(
          (d) => d.severity === "error",
        ),
      ).toEqual([]);
  });

  it("hovers a record field after '.' and a name in a key", async () => {
    const hover = (r: Range) => c.conn.sendRequest<Hover | null>("textDocument/hover", at(r));
    const balance = rangeOn('"accounts[\\"a\\"]', /balance/);
    const h = await hover(balance);
    expect(h?.range).toEqual(balance);
    expect((h?.contents as { value: string }).value).toContain("**field bank.Account.balance**");
    expect((h?.contents as { value: string }).value).toContain("`Balance`");
    const frozen = await hover(rangeOn('"accounts[event.who].flags', /frozen/));
    expect((frozen?.contents as { value: string }).value).toContain(
      "**field bank.Account.flags.frozen**",
    );
    const who = await hover(rangeOn('"accounts[event.who].flags', /who/));
    expect((who?.contents as { value: string }).value).toContain("`Acct`");
  });
});
