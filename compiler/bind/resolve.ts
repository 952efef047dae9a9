/**
 * Name resolution across files: per-domain symbol tables, `domain.Name` references and
 * "Did you mean" hints. Used by the binder while it builds the Program.
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import { suggestHint } from "../diagnostics.js";
import type { Loc, Ref } from "../ir/types.js";

/** What a name in a domain's namespace declares. */
export type SymbolKind = "type" | "entity" | "event" | "machine" | "invariant" | "api" | "flow" | "slice";

/** One declared name. */
export interface SymbolEntry {
  readonly kind: SymbolKind;
  readonly domain: string;
  readonly name: string;
  readonly loc: Loc;
}

/** Every domain's symbols: domain → name → entry. */
export interface SymbolTable {
  readonly domains: ReadonlyMap<string, ReadonlyMap<string, SymbolEntry>>;
}

/** Which kinds a reference may resolve to, and which diagnostic to report otherwise. */
export interface LookupSpec {
  readonly kinds: readonly SymbolKind[];
  readonly unknown: "unknown-type" | "unknown-event" | "unknown-entity" | "unknown-slice-target";
}

/**
 * Resolve `Name` (in `fromDomain`) or `domain.Name`. Reports a diagnostic at `loc` and returns
 * undefined when the name does not resolve to one of the wanted kinds.
 */
export function lookup(
  table: SymbolTable,
  fromDomain: string,
  text: string,
  spec: LookupSpec,
  loc: Loc,
  diags: DiagnosticCollector,
): SymbolEntry | undefined {
  const dot = text.indexOf(".");
  const domain = dot >= 0 ? text.slice(0, dot) : fromDomain;
  const name = dot >= 0 ? text.slice(dot + 1) : text;
  const symbols = table.domains.get(domain);
  if (!symbols) {
    diags.report("unknown-domain", { name: domain }, loc, { hint: suggestHint(domain, table.domains.keys()) });
    return undefined;
  }
  const entry = symbols.get(name);
  if (entry && spec.kinds.includes(entry.kind)) return entry;
  const candidates = [...symbols.values()].filter((s) => spec.kinds.includes(s.kind)).map((s) => s.name);
  let hint = suggestHint(name, candidates);
  if (entry && hint === undefined) {
    hint = `'${text}' is ${article(entry.kind)} ${entry.kind}; expected ${spec.kinds.map((k) => article(k) + " " + k).join(" or ")}.`;
  }
  if (!entry && hint === undefined && dot < 0) {
    // Maybe the name lives in another domain.
    for (const [d, syms] of table.domains) {
      const other = syms.get(name);
      if (d !== fromDomain && other && spec.kinds.includes(other.kind)) {
        hint = `Did you mean '${d}.${name}'?`;
        break;
      }
    }
  }
  diags.report(spec.unknown, { name: text }, loc, hint === undefined ? {} : { hint });
  return undefined;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? "an" : "a";
}

/** A Ref for a resolved symbol. */
export function toRef(entry: SymbolEntry): Ref {
  return { domain: entry.domain, name: entry.name };
}
