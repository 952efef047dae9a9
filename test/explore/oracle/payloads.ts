/**
 * Test oracle (see ./search.ts): the payload generator as it was before its caches.
 *
 * Event payloads and initial configurations for exploration: products of small boundary-biased
 * domains, plus payload numbers derived from the current fields the machine reads (a field's
 * value and the difference of two fields), so that guards like `paid + event.amount == total`
 * get enabled.
 */
import type {
  Config,
  HandledEvent,
  MachineModel,
  ModelEvent,
} from "../../../compiler/explore/model.js";
import { fieldDomain } from "../../../compiler/explore/values.js";
// The payload domains (unread payload fields take one value) and their cap are the explorer's.
import { PAYLOAD_CAP, payloadDomains } from "../../../compiler/explore/payloads.js";

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
  const combos = product(
    model.free.map((f) =>
      reduce && !model.relevant.has(f.field.name) ? f.values.slice(0, 1) : f.values,
    ),
    cap,
  );
  const sf = model.machine.stateField;
  return combos.map((vals) => {
    const fields: Record<string, unknown> = { ...record(names, vals), ...model.init };
    if (sf !== undefined) fields[sf] = model.machine.initial;
    return { state: model.machine.initial, fields };
  });
}

/** Creates the payload generator of a model (static products are computed once per event). */
export function createPayloads(
  model: MachineModel,
): (event: HandledEvent, fields: Readonly<Record<string, unknown>>) => ModelEvent[] {
  const statics = new Map<
    string,
    {
      names: string[];
      base: ModelEvent[];
      numeric: number[];
      seen: Set<string>;
      fits: Map<string, boolean>;
    }
  >();
  // Only fields the machine reads feed derived numbers, so payloads never depend on the fields
  // the search holds fixed.
  const numericFields = model.fields
    .filter((f) => model.relevant.has(f.name) && isNumeric(model, f.type))
    .map((f) => f.name);
  for (const e of model.events) {
    const names = e.fields.map((f) => f.name);
    const combos = product(payloadDomains(model, e), PAYLOAD_CAP);
    const base = combos.map((vals) => ({ ...record(names, vals), type: e.key }) as ModelEvent);
    const numeric = e.fields.flatMap((f, i) => (isNumeric(model, f.type) ? [i] : []));
    statics.set(e.key, {
      names,
      base,
      numeric,
      seen: new Set(base.map((p) => JSON.stringify(p))),
      fits: new Map(),
    });
  }
  return (event, fields) => {
    const s = statics.get(event.key);
    if (s === undefined || s.base.length === 0) return [];
    if (s.numeric.length === 0 || numericFields.length === 0) return s.base;
    const nums: number[] = [];
    for (const n of numericFields) {
      const v = fields[n];
      if (typeof v === "number") nums.push(v);
    }
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
        // Whether a derived number fits the payload field's type is cached per field and value.
        const fk = field.name + "\u0000" + v;
        let fits = s.fits.get(fk);
        if (fits === undefined) {
          fits = model.fieldProblem(field, v) === undefined;
          s.fits.set(fk, fits);
        }
        if (!fits) continue;
        const p = { ...s.base[0], [field.name]: v } as ModelEvent;
        const k = JSON.stringify(p);
        if (!s.seen.has(k) && !seen.has(k)) {
          seen.add(k);
          out.push(p);
        }
      }
    }
    return out;
  };
}

function isNumeric(
  model: MachineModel,
  type: import("../../../compiler/ir/types.js").TypeExpr,
): boolean {
  const t = model.scope.resolve(type);
  return t.kind === "primitive" && (t.name === "integer" || t.name === "number");
}
