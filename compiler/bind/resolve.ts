/**
 * Name resolution across files: per-domain symbol tables, `domain.Name` references and
 * "Did you mean" hints. Used by the binder while it builds the Program.
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import { didYouMean } from "../diagnostics.js";
import type { Loc, Ref } from "../ir/types.js";

/** What a name in a domain's namespace declares. */
export type SymbolKind =
  "type" | "entity" | "event" | "machine" | "invariant" | "api" | "flow" | "slice";

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
    diags.report("unknown-domain", { name: domain }, loc, {
      hint: unknownDomainHint(table, domain, name, spec),
    });
    return undefined;
  }
  const entry = symbols.get(name);
  if (entry && spec.kinds.includes(entry.kind)) return entry;
  // Candidates keep the spelling the author has to write: bare in this domain, `domain.Name` elsewhere.
  const local = [...symbols.values()].filter((s) => spec.kinds.includes(s.kind)).map((s) => s.name);
  const near = didYouMean(name, local);
  let hint =
    near === undefined ? undefined : `Did you mean '${dot >= 0 ? `${domain}.${near}` : near}'?`;
  if (entry && hint === undefined) {
    hint = `'${text}' is ${article(entry.kind)} ${entry.kind}; expected ${spec.kinds.map((k) => article(k) + " " + k).join(" or ")}.`;
  }
  if (!entry && hint === undefined && dot < 0) {
    // Maybe the name lives in another domain: the exact name first, then a close one.
    const elsewhere: string[] = [];
    for (const [d, syms] of table.domains) {
      if (d === fromDomain) continue;
      const other = syms.get(name);
      if (other && spec.kinds.includes(other.kind)) {
        hint = `Did you mean '${d}.${name}'?`;
        break;
      }
      for (const s of syms.values())
        if (spec.kinds.includes(s.kind)) elsewhere.push(s.name === name ? "" : `${d}.${s.name}`);
    }
    if (hint === undefined) {
      const close = closestAcross(name, elsewhere);
      if (close !== undefined) hint = `Did you mean '${close}'?`;
    }
  }
  diags.report(spec.unknown, { name: text }, loc, hint === undefined ? {} : { hint });
  return undefined;
}

/** `domain.Name` candidates compared by their name part (the domain is not what was misspelt). */
function closestAcross(name: string, qualified: readonly string[]): string | undefined {
  const byName = new Map<string, string>();
  for (const q of qualified) {
    if (q === "") continue;
    const n = q.slice(q.indexOf(".") + 1);
    const prev = byName.get(n);
    if (prev === undefined || q < prev) byName.set(n, q);
  }
  const best = didYouMean(name, byName.keys());
  return best === undefined ? undefined : byName.get(best);
}

/** For `paymnts.capture`: the full `payments.capture` when that domain declares it, else the domain. */
function unknownDomainHint(
  table: SymbolTable,
  domain: string,
  name: string,
  spec: LookupSpec,
): string | undefined {
  const close = didYouMean(domain, table.domains.keys());
  if (close === undefined) return undefined;
  const entry = table.domains.get(close)?.get(name);
  return entry && spec.kinds.includes(entry.kind)
    ? `Did you mean '${close}.${name}'?`
    : `Did you mean '${close}'?`;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? "an" : "a";
}

/** A Ref for a resolved symbol. */
export function toRef(entry: SymbolEntry): Ref {
  return { domain: entry.domain, name: entry.name };
}
