/**
 * Names in a flow's expressions, for the index: its participants (`order`, declared under
 * `participants:` or, without it, named after the entity of each machine handling a step's event,
 * as ir/flows.ts does), their fields (`order.paid`, `prev.order.paid`, `account[0].balance`,
 * `account.every((a) => a.balance >= 0)`), the states a machine-typed field is compared with
 * (`order.status == 'paid'`), the queued payloads of async steps (`channel`), and in a step's
 * `with:` and `to:` the trigger's payload (`event.amount`) and, as `with:` keys, the triggered
 * event's fields. Holders, flow invariants and mappings are parsed by exprRefs (expr-refs.ts).
 */
import type { Loc } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";
import { recordName } from "../ir/flows.js";
import { exprRefs, type ExprScope, type Shape } from "./expr-refs.js";
import { shapesOf } from "./shapes.js";

/** What this module reads of a declaration of the index (index.ts `Decl`, which imports this module). */
interface Decl {
  readonly key: string;
  readonly kind: string;
  readonly domain: string;
  readonly name: string;
  readonly value: unknown;
}

/** An occurrence of the index (index.ts `Occurrence`). */
interface Occurrence {
  readonly key: string;
  readonly loc: Loc;
  readonly decl: boolean;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};

/** The key of a flow's declared participant. */
export const participantKey = (domain: string, flow: string, name: string) =>
  `${domain}.${flow}/${name}`;

/** Record the names in the expressions of flow `name` (raw value `fo`) of a file. */
export function flowRefs(
  f: LoadedFile,
  domain: string,
  name: string,
  fo: Obj,
  decls: ReadonlyMap<string, Decl>,
  out: Occurrence[],
  keyLoc: (path: YamlPath) => Occurrence["loc"],
): void {
  const resolve = (from: string, text: unknown): Decl | undefined =>
    typeof text === "string" ? decls.get(text.includes(".") ? text : `${from}.${text}`) : undefined;
  const { record, fieldShape } = shapesOf(decls);

  const steps: unknown[] = Array.isArray(fo.steps) ? fo.steps : [];
  /** The events of a step: what it is on, and what it triggers. */
  const stepEvents = (s: unknown): [Decl | undefined, Decl | undefined] => {
    if (typeof s === "string") {
      const [a, b] = s.split("->").map((x) => x.trim());
      return [resolve(domain, a), b === undefined ? undefined : resolve(domain, b)];
    }
    return [resolve(domain, obj(s).on), resolve(domain, obj(s).then)];
  };

  const records = new Map<string, Shape>();
  if (fo.participants !== undefined) {
    for (const [p, m] of Object.entries(obj(fo.participants))) {
      const machine = resolve(domain, typeof m === "string" ? m : obj(m).machine);
      const entity =
        machine?.kind === "machine"
          ? resolve(machine.domain, obj(machine.value).entity)
          : undefined;
      const one = record(entity?.kind === "entity" ? entity : undefined) ?? {};
      const instances = typeof obj(m).instances === "number" ? (obj(m).instances as number) : 1;
      const key = participantKey(domain, name, p);
      records.set(p, instances === 1 ? { ...one, key } : { key, items: one });
    }
  } else {
    // Every machine with a transition on an event of a step, named after its entity.
    const events = steps
      .flatMap((s) => stepEvents(s))
      .filter((e): e is Decl => e?.kind === "event");
    const machines = [...decls.values()].filter((d) => d.kind === "machine");
    const taken = new Set<Decl>();
    for (const ev of events) {
      for (const m of machines) {
        const handles = Object.values(obj(obj(m.value).states)).some((sv) =>
          Object.keys(obj(obj(sv).on)).some((e) => resolve(m.domain, e) === ev),
        );
        if (!handles || taken.has(m)) continue;
        taken.add(m);
        const entityName = obj(m.value).entity;
        const entity = resolve(m.domain, entityName);
        let n = recordName(
          typeof entityName === "string" ? (entityName.split(".").pop() ?? "") : "",
        );
        if (records.has(n)) n = recordName(m.name);
        records.set(n, record(entity?.kind === "entity" ? entity : undefined) ?? {});
      }
    }
  }
  const queued = steps.filter((s) => obj(s).async === true).map((s) => stepEvents(s)[1]);
  if (
    queued.length > 0 &&
    queued.every((e) => e !== undefined && e === queued[0]) &&
    !records.has("channel")
  ) {
    const items = record(queued[0]);
    if (items) records.set("channel", { items });
  }

  const scope = (event: Decl | undefined): ExprScope => ({
    field: () => undefined,
    eventField: (n) => record(event)?.field?.(n),
    state: () => undefined,
    record: (n) => records.get(n),
    fieldShape,
  });
  const exprs = (path: YamlPath, source: unknown, s: ExprScope) => {
    if (typeof source !== "string") return;
    for (const r of exprRefs(f, path, source, s)) out.push({ key: r.key, loc: r.loc, decl: false });
  };
  const system = scope(undefined);
  const path = ["flows", name];
  (Array.isArray(fo.holders) ? fo.holders : []).forEach((h, i) =>
    exprs([...path, "holders", i], h, system),
  );
  for (const [id, inv] of Object.entries(obj(fo.invariants))) {
    for (const k of ["when", "holds"]) exprs([...path, "invariants", id, k], obj(inv)[k], system);
  }
  steps.forEach((s, i) => {
    if (typeof s === "string") return;
    const [on, then] = stepEvents(s);
    const spath = [...path, "steps", i];
    const mapping = scope(on?.kind === "event" ? on : undefined);
    const target = record(then?.kind === "event" ? then : undefined);
    for (const [k, x] of Object.entries(obj(obj(s).with))) {
      const key = target?.field?.(k);
      if (key !== undefined) out.push({ key, loc: keyLoc([...spath, "with", k]), decl: false });
      exprs([...spath, "with", k], x, mapping);
    }
    exprs([...spath, "to"], obj(s).to, mapping);
  });
}
