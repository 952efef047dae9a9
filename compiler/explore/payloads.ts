/**
 * Event payloads and initial configurations for exploration: products of small boundary-biased
 * domains, plus payload numbers derived from the current fields the machine reads (a field's
 * value and the difference of two fields), so that guards like `paid + event.amount == total`
 * get enabled.
 */
import type { Config, HandledEvent, MachineModel, ModelEvent } from "./model.js";
import { fieldDomain, fieldExhaustive } from "./values.js";

/**
 * Most payloads tried per event and state from the static product (payload fields no guard or
 * effect reads take one value). A larger product is cut, and the search says "sampled".
 */
export const PAYLOAD_CAP = 4096;

/** The payload domains of an event in the search: read fields over their domain, the others one value. */
export function payloadDomains(model: MachineModel, e: HandledEvent): (readonly unknown[])[] {
  const reads = model.eventReads.get(e.key) ?? new Set<string>();
  return e.fields.map((f) => {
    const values = fieldDomain(model.scope, f);
    return reads === "all" || reads.has(f.name) ? values : values.slice(0, 1);
  });
}

function productSize(lists: readonly (readonly unknown[])[]): number {
  let n = 1;
  for (const l of lists) n *= l.length;
  return n;
}

/**
 * The fields a search of `model` samples instead of enumerating, sorted: `<Entity>.<field>` for an
 * initial value the machine reads and `<event>.<field>` for a payload field a guard or effect
 * reads, when the field's type has more than `EXHAUSTIVE_BOUND` (values.ts) values (or is a string or
 * an array), or when the product of the domains is cut (`initialCap` initial configurations,
 * {@link PAYLOAD_CAP} payloads). Empty when every such domain is enumerated exhaustively.
 */
export function sampledFields(model: MachineModel, initialCap: number): string[] {
  const out = new Set<string>();
  const entity = model.machine.entity.name;
  const free = model.free.filter((f) => model.relevant.has(f.field.name));
  const cutInitial = productSize(initialDomains(model, true)) > initialCap;
  for (const f of free) {
    if (!fieldExhaustive(model.scope, f.field) || (cutInitial && f.values.length > 1))
      out.add(`${entity}.${f.field.name}`);
  }
  for (const e of model.events) {
    const reads = model.eventReads.get(e.key) ?? new Set<string>();
    const domains = payloadDomains(model, e);
    const cut = productSize(domains) > PAYLOAD_CAP;
    e.fields.forEach((f, i) => {
      if (reads !== "all" && !reads.has(f.name)) return;
      if (!fieldExhaustive(model.scope, f) || (cut && domains[i].length > 1))
        out.add(`${e.key}.${f.name}`);
    });
  }
  return [...out].sort();
}

/** Product of value lists, in lexicographic order, stopping at `cap` combinations. */
export function product(lists: readonly (readonly unknown[])[], cap: number): unknown[][] {
  if (lists.some((l) => l.length === 0)) return [];
  const out: unknown[][] = [];
  const idx = lists.map(() => 0);
  while (out.length < cap) {
    out.push(idx.map((i, k) => lists[k][i]));
    let k = lists.length - 1;
    while (k >= 0) {
      idx[k]++;
      if (idx[k] < lists[k].length) break;
      idx[k] = 0;
      k--;
    }
    if (k < 0) break;
  }
  return out;
}

function record(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  names.forEach((n, i) => {
    if (values[i] !== undefined) r[n] = values[i];
  });
  return r;
}

/**
 * Initial configurations: `init` values fixed, other fields over their domains (capped). With
 * `reduce`, a field the machine never reads or writes takes only its first value: every value
 * leads to the same behaviour, so the search explores it once.
 */
export function initialConfigs(model: MachineModel, cap: number, reduce = false): Config[] {
  const names = model.free.map((f) => f.field.name);
  return product(initialDomains(model, reduce), cap).map((vals) =>
    initialConfig(model, names, vals),
  );
}

/**
 * `spread`-style sample of {@link initialConfigs}(model, cap): the configurations at indexes
 * ⌊i·n/max⌋ (i < max) of the n it would return, or all n when n ≤ max, computed directly
 * (the product's index is a mixed-radix number) instead of building all n.
 */
export function spreadInitialConfigs(model: MachineModel, cap: number, max: number): Config[] {
  const lists = initialDomains(model, false);
  let total = 1;
  for (const l of lists) total *= l.length;
  const n = lists.length === 0 ? Math.min(1, cap) : Math.min(total, cap);
  const names = model.free.map((f) => f.field.name);
  const indexes =
    n <= max
      ? Array.from({ length: n }, (_, i) => i)
      : Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
  return indexes.map((index) => {
    const vals: unknown[] = new Array(lists.length);
    let rest = index;
    for (let k = lists.length - 1; k >= 0; k--) {
      vals[k] = lists[k][rest % lists[k].length];
      rest = Math.floor(rest / lists[k].length);
    }
    return initialConfig(model, names, vals);
  });
}

function initialDomains(model: MachineModel, reduce: boolean): (readonly unknown[])[] {
  return model.free.map((f) =>
    reduce && !model.relevant.has(f.field.name) ? f.values.slice(0, 1) : f.values,
  );
}

function initialConfig(
  model: MachineModel,
  names: readonly string[],
  vals: readonly unknown[],
): Config {
  const fields: Record<string, unknown> = { ...record(names, vals), ...model.init };
  const sf = model.machine.stateField;
  if (sf !== undefined) fields[sf] = model.machine.initial;
  return { state: model.machine.initial, fields };
}

/** What a payload generator knows about one event: its static product and derived-payload caches. */
interface EventPayloads {
  readonly names: string[];
  readonly base: ModelEvent[];
  readonly numeric: number[];
  readonly seen: Set<string>;
  readonly fits: Map<string, boolean>;
  /** Per numeric payload field (same order as `numeric`): derived number → its payload (fast path). */
  readonly derived: Map<number, Derived>[];
  /** Interned JSON texts of derived payloads, so one call can drop repeats without a set. */
  readonly ids: Map<string, number>;
  /** The list returned by the last call with derived payloads (reused; see createPayloads). */
  readonly out: ModelEvent[];
}

/** A derived payload of an event field and value, with what the per-call filter needs. */
type Derived =
  | { readonly keep: false }
  | {
      /** Fits the field's type and is not one of the static payloads. */
      readonly keep: true;
      readonly payload: ModelEvent;
      /** Id of the payload's JSON text (equal texts, equal ids). */
      readonly id: number;
    };

const DROP: Derived = { keep: false };

/**
 * Creates the payload generator of a model. Static products are computed once per event; a
 * derived payload (one numeric field set to a number derived from the fields) is built once per
 * event, field and number and then shared by every state that derives that number, so a call only
 * collects the numbers and filters. Callers must not mutate the payloads or the list, and must be
 * done with a list before the next call for the same event (it is reused).
 */
export function createPayloads(model: MachineModel): PayloadGenerator {
  const statics = new Map<string, EventPayloads>();
  // Only fields the machine reads feed derived numbers, so payloads never depend on the fields
  // the search holds fixed.
  const numericFields = model.fields
    .filter((f) => model.relevant.has(f.name) && isNumeric(model, f.type))
    .map((f) => f.name);
  // Maps of numbers (balances by account) feed their entries, as the fields of one each would.
  const numericMaps = model.fields
    .filter((f) => model.relevant.has(f.name) && isNumericMap(model, f.type))
    .map((f) => f.name);
  for (const e of model.events) {
    const names = e.fields.map((f) => f.name);
    const domains = payloadDomains(model, e);
    const combos = product(domains, PAYLOAD_CAP);
    const base = combos.map((vals) => ({ ...record(names, vals), type: e.key }) as ModelEvent);
    const enumerated = productSize(domains) <= PAYLOAD_CAP;
    const reads = model.eventReads.get(e.key) ?? new Set<string>();
    // A derived number fitting an integer field that is enumerated exhaustively (read, so over
    // its whole domain, and the product not cut) is already one of the static payloads, and
    // derive() drops it: such fields are left out instead of being derived for every state.
    const numeric = e.fields.flatMap((f, i) =>
      isNumeric(model, f.type) &&
      !(
        enumerated &&
        (reads === "all" || reads.has(f.name)) &&
        isInteger(model, f.type) &&
        fieldExhaustive(model.scope, f)
      )
        ? [i]
        : [],
    );
    statics.set(e.key, {
      names,
      base,
      numeric,
      seen: new Set(base.map((p) => JSON.stringify(p))),
      fits: new Map(),
      derived: numeric.map(() => new Map()),
      ids: new Map(),
      out: [],
    });
  }
  const nums: number[] = [];
  const sorted: number[] = [];
  // stamp[id] === call: the payload with that id is already in this call's output.
  let stamp = new Int32Array(64);
  let call = 0;
  const generate = (
    event: HandledEvent,
    fields: Readonly<Record<string, unknown>>,
  ): ModelEvent[] => {
    const s = statics.get(event.key);
    if (s === undefined || s.base.length === 0) return [];
    if (s.numeric.length === 0 || numericFields.length + numericMaps.length === 0) return s.base;
    nums.length = 0;
    let plain = true;
    const take = (v: unknown) => {
      if (typeof v === "number") {
        nums.push(v);
        // -0, NaN and infinities take the general path (their sets and texts collapse values).
        if (!Number.isFinite(v) || Object.is(v, -0)) plain = false;
      }
    };
    for (const n of numericFields) take(fields[n]);
    for (const n of numericMaps) {
      const m = fields[n];
      if (m !== null && typeof m === "object")
        for (const k of Object.keys(m)) take((m as Record<string, unknown>)[k]);
    }
    if (!plain) return derivedSlow(model, s, event, nums);
    // The distinct derived numbers, ascending: the fields' values and their pairwise differences
    // (differences of distinct finite numbers are never 0, -0 or NaN, so the order is total).
    sorted.length = 0;
    for (const a of nums) {
      sorted.push(a);
      for (const b of nums) if (a !== b) sorted.push(a - b);
    }
    sortDistinct(sorted);
    const out = s.out;
    out.length = 0;
    for (const p of s.base) out.push(p);
    if (++call === 0x7fffffff) {
      call = 1;
      stamp.fill(0);
    }
    for (let j = 0; j < s.numeric.length; j++) {
      const field = event.fields[s.numeric[j]];
      const cache = s.derived[j];
      for (const v of sorted) {
        let d = cache.get(v);
        if (d === undefined) {
          d = derive(model, s, field, v);
          cache.set(v, d);
        }
        if (!d.keep) continue;
        if (d.id >= stamp.length) {
          const grown = new Int32Array(Math.max(stamp.length * 2, d.id + 1));
          grown.set(stamp);
          stamp = grown;
        }
        if (stamp[d.id] === call) continue;
        stamp[d.id] = call;
        out.push(d.payload);
      }
    }
    return out;
  };
  return Object.assign(generate, {
    fixed(event: HandledEvent): readonly ModelEvent[] | undefined {
      const s = statics.get(event.key);
      if (s === undefined || s.base.length === 0) return NO_PAYLOADS;
      return s.numeric.length === 0 || numericFields.length + numericMaps.length === 0
        ? s.base
        : undefined;
    },
  });
}

const NO_PAYLOADS: readonly ModelEvent[] = [];

/**
 * A payload generator: the payloads of an event in a configuration, and `fixed(event)`, the
 * list it returns for every configuration when that does not depend on the fields (no derived
 * payloads), else undefined, so a search can skip the call.
 */
export interface PayloadGenerator {
  (event: HandledEvent, fields: Readonly<Record<string, unknown>>): ModelEvent[];
  fixed(event: HandledEvent): readonly ModelEvent[] | undefined;
}

/** Sort a short list of numbers (no NaN) ascending in place and drop repeats. */
function sortDistinct(list: number[]): void {
  for (let i = 1; i < list.length; i++) {
    const v = list[i];
    let j = i - 1;
    while (j >= 0 && list[j] > v) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = v;
  }
  let n = 0;
  for (let i = 0; i < list.length; i++) if (n === 0 || list[i] !== list[n - 1]) list[n++] = list[i];
  list.length = n;
}

/** The derived payload of `field` = `v` (a finite number, not -0), as the general path builds and filters it. */
function derive(
  model: MachineModel,
  s: EventPayloads,
  field: import("../ir/types.js").Field,
  v: number,
): Derived {
  if (model.fieldProblem(field, v) !== undefined) return DROP;
  const payload = { ...s.base[0], [field.name]: v } as ModelEvent;
  const k = JSON.stringify(payload);
  if (s.seen.has(k)) return DROP;
  let id = s.ids.get(k);
  if (id === undefined) {
    id = s.ids.size;
    s.ids.set(k, id);
  }
  return { keep: true, payload, id };
}

/** Whether a derived number fits the payload field's type (cached per field and value). */
function fits(
  model: MachineModel,
  s: EventPayloads,
  field: import("../ir/types.js").Field,
  v: number,
): boolean {
  const fk = field.name + "\u0000" + v;
  let ok = s.fits.get(fk);
  if (ok === undefined) {
    ok = model.fieldProblem(field, v) === undefined;
    s.fits.set(fk, ok);
  }
  return ok;
}

/** Derived payloads of fields holding -0, NaN or an infinity: sets and JSON texts decide. */
function derivedSlow(
  model: MachineModel,
  s: EventPayloads,
  event: HandledEvent,
  nums: readonly number[],
): ModelEvent[] {
  const derived = new Set<number>();
  for (const a of nums) {
    derived.add(a);
    for (const b of nums) if (a !== b) derived.add(a - b);
  }
  const out = [...s.base];
  const seen = new Set<string>();
  const sorted = [...derived].sort((x, y) => x - y);
  for (const i of s.numeric) {
    const field = event.fields[i];
    for (const v of sorted) {
      if (!fits(model, s, field, v)) continue;
      const p = { ...s.base[0], [field.name]: v } as ModelEvent;
      const k = JSON.stringify(p);
      if (!s.seen.has(k) && !seen.has(k)) {
        seen.add(k);
        out.push(p);
      }
    }
  }
  return out;
}

function isNumericMap(model: MachineModel, type: import("../ir/types.js").TypeExpr): boolean {
  const t = model.scope.resolve(type);
  return t.kind === "map" && isNumeric(model, t.values);
}

function isInteger(model: MachineModel, type: import("../ir/types.js").TypeExpr): boolean {
  const t = model.scope.resolve(type);
  return t.kind === "primitive" && t.name === "integer";
}

function isNumeric(model: MachineModel, type: import("../ir/types.js").TypeExpr): boolean {
  const t = model.scope.resolve(type);
  return t.kind === "primitive" && (t.name === "integer" || t.name === "number");
}
