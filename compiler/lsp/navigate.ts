/**
 * Go to definition, find references, rename and the outline, over the {@link SymbolIndex}.
 */
import type { DocumentSymbol, Location, WorkspaceEdit, TextEdit } from "vscode-languageserver";
import type { SymbolIndex, Decl } from "./index.js";
import { occurrenceAt, SECTIONS } from "./index.js";
import { rangeOf } from "./convert.js";
import type { Loc } from "../ir/types.js";
import type { LockFile } from "../diff/lock-file.js";
import { isReleased, renamedFromEdit } from "./released.js";
import { UNRESOLVED } from "./expr-refs.js";
import { participantKey } from "./flow-refs.js";

type UriOf = (path: string) => string;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The declaration of the name under the cursor. */
export function definition(
  index: SymbolIndex,
  file: string,
  line: number,
  column: number,
  uriOf: UriOf,
): Location | undefined {
  const occ = occurrenceAt(index, file, line, column);
  const d = occ && index.decls.get(occ.key);
  return d ? { uri: uriOf(d.loc.file), range: rangeOf(d.loc) } : undefined;
}

/** Every occurrence of the name under the cursor, in file and position order. */
export function references(
  index: SymbolIndex,
  file: string,
  line: number,
  column: number,
  withDecl: boolean,
  uriOf: UriOf,
): Location[] {
  const occ = occurrenceAt(index, file, line, column);
  if (!occ) return [];
  return index.occurrences
    .filter((o) => o.key === occ.key && (withDecl || !o.decl))
    .map((o) => o.loc)
    .sort(byPosition)
    .map((l) => ({ uri: uriOf(l.file), range: rangeOf(l) }));
}

/** Where a rename may happen: the declared name under the cursor, or undefined. */
export function renameRange(index: SymbolIndex, file: string, line: number, column: number) {
  const occ = occurrenceAt(index, file, line, column);
  return occ && index.decls.has(occ.key) ? rangeOf(occ.loc) : undefined;
}

/** A rename: the edits, and what the user should know about it (a released name the format cannot record). */
export interface Rename {
  readonly edit: WorkspaceEdit;
  readonly note?: string;
}

/**
 * The edits renaming the name under the cursor everywhere; a string when the new name is invalid.
 * A field of the released contract (`lock`) also gets `renamedFrom: <released name>`.
 */
export function rename(
  index: SymbolIndex,
  file: string,
  line: number,
  column: number,
  newName: string,
  uriOf: UriOf,
  lock?: LockFile,
): Rename | string | undefined {
  const occ = occurrenceAt(index, file, line, column);
  const d = occ && index.decls.get(occ.key);
  if (!occ || !d) return undefined;
  const ok = d.kind === "invariant" || d.kind === "slice" ? ID.test(newName) : NAME.test(newName);
  if (!ok) return `'${newName}' is not a valid ${d.kind} name.`;
  const clashKey =
    d.kind === "state"
      ? `${d.domain}.${d.machine}.${newName}`
      : d.kind === "field"
        ? `${d.domain}.${d.owner}:${newName}`
        : d.kind === "participant"
          ? participantKey(d.domain, d.owner ?? "", newName)
          : `${d.domain}.${newName}`;
  const clash = index.decls.get(clashKey);
  if (clash && clash !== d)
    return `${d.kind === "field" || d.kind === "participant" ? `${d.domain}.${d.owner}` : d.domain} already declares '${newName}'.`;
  if (d.kind === "field") {
    // A member the index cannot resolve may be this field (or another of the same name).
    const member = index.occurrences.find((o) => o.key === `${UNRESOLVED}${d.name}`);
    if (member)
      return `'${d.name}' is also read as a member (\`.${d.name}\`) in an expression at ${member.loc.file}:${member.loc.line}:${member.loc.column} that rename cannot resolve; rename it by hand.`;
  }
  const occs = index.occurrences.filter((x) => x.key === occ.key);
  // An edit replaces the name and nothing else. Names in expressions are located exactly
  // (expr/positions.ts), but where a scalar cannot be mapped its names fall back to its start:
  // never edit what is there.
  const lines = new Map<string, string[]>();
  const lost = occs.find((o) => !o.decl && textAt(index, o.loc, lines) !== d.name)?.loc;
  if (lost)
    return `'${d.name}' is read in an expression at ${lost.file}:${lost.line} whose exact position is not known; rename it by hand.`;
  const locs = occs.map((x) => x.loc).sort(byPosition);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of locs)
    (changes[uriOf(o.file)] ??= []).push({ range: rangeOf(o), newText: newName });
  const released = newName !== d.name && isReleased(lock, d);
  if (released && d.kind === "field") {
    const extra = renamedFromEdit(index, d);
    if (extra) (changes[uriOf(d.loc.file)] ??= []).push(extra);
  }
  const note =
    released && d.kind !== "field"
      ? `${d.kind} ${d.domain}.${d.kind === "state" ? `${d.machine}.` : d.kind === "participant" ? `${d.owner}.` : ""}${d.name} is in the released contract (the previous lock), and the intent format records renames of fields only: \`intentc diff\` will report '${d.name}' removed and '${newName}' added.`
      : undefined;
  return { edit: { changes }, ...(note !== undefined ? { note } : {}) };
}

/** The outline of one file: sections, their declarations, a machine's states. */
export function documentSymbols(index: SymbolIndex, file: string): DocumentSymbol[] {
  const decls = [...index.decls.values()].filter((d) => d.loc.file === file);
  const out: DocumentSymbol[] = [];
  for (const [section, kind] of SECTIONS) {
    const own = decls.filter((d) => d.kind === kind).sort((a, b) => byPosition(a.loc, b.loc));
    if (own.length === 0) continue;
    const children = own.map((d) =>
      symbol(
        d,
        kind === "machine"
          ? decls
              .filter((s) => s.kind === "state" && s.machine === d.name)
              .sort((a, b) => byPosition(a.loc, b.loc))
              .map((s) => symbol(s, []))
          : [],
      ),
    );
    const first = own[0].loc;
    const last = own[own.length - 1].loc;
    const range = {
      start: { line: first.line - 1, character: 0 },
      end: { line: last.endLine - 1, character: last.endColumn - 1 },
    };
    out.push({ name: section, kind: 2 /* Module */, range, selectionRange: range, children });
  }
  return out;
}

/** LSP SymbolKind numbers for each declaration kind. */
const KIND = {
  type: 5,
  entity: 23,
  event: 24,
  machine: 10,
  invariant: 14,
  api: 11,
  flow: 12,
  slice: 9,
  state: 22,
  field: 8,
  participant: 13,
} as const;

function symbol(d: Decl, children: DocumentSymbol[]): DocumentSymbol {
  const selectionRange = rangeOf(d.loc);
  const range =
    children.length > 0
      ? { start: selectionRange.start, end: children[children.length - 1].range.end }
      : selectionRange;
  return {
    name: d.name,
    detail: d.kind,
    kind: KIND[d.kind],
    range,
    selectionRange,
    ...(children.length > 0 ? { children } : {}),
  };
}

/** The text a one-line loc covers in its file ("" when it spans lines or the file is unknown). */
function textAt(index: SymbolIndex, l: Loc, lines: Map<string, string[]>): string {
  const f = index.files.get(l.file);
  if (!f || l.line !== l.endLine) return "";
  let own = lines.get(l.file);
  if (own === undefined) lines.set(l.file, (own = f.text.split("\n")));
  return (own[l.line - 1] ?? "").slice(l.column - 1, l.endColumn - 1);
}

function byPosition(a: Loc, b: Loc): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
