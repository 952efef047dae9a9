/**
 * The fields of the configuration being expanded, from the visited set (states.ts), which keeps
 * keys and no fields: a key's exact ids decode to the very values given them (interner.ts); fields
 * outside the key hold one value throughout (see SearchPlan.names), those of the first initial
 * configuration; the state field, when the entity does not declare it, is the state. A
 * configuration whose key holds an inexact id (a -0, a NaN, objects whose keys came in another
 * order) keeps its fields instead. Traces rebuild fields by replaying steps (paths.ts), which
 * also keeps the order of keys; the search only reads fields by name.
 */
import type { Config, MachineModel } from "./model.js";
import type { Interner } from "./interner.js";
import type { SearchPlan } from "./plan.js";
import type { StateStore } from "./states.js";

type Fields = Readonly<Record<string, unknown>>;

/** Fields given for a configuration whose key is exact, where they are not kept (see `keep`). */
export const NO_FIELDS: Fields = Object.freeze({});

export class FieldDecoder {
  /** Fields of the configurations whose keys hold an inexact id, by index. */
  private readonly kept = new Map<number, Fields>();
  /** Fields outside the key, with their one value. */
  private constant: readonly (readonly [string, unknown])[] = [];
  private stateFieldOutside: string | undefined;

  constructor(
    private readonly model: MachineModel,
    private readonly plan: SearchPlan,
    private readonly store: StateStore,
    private readonly values: Interner,
    /** The initial configurations, by index (they are the first ones added). */
    private readonly initials: readonly Config[],
  ) {}

  /** Learn the fields outside the key, once the initial configurations are added. */
  start(): void {
    if (this.initials.length === 0) return;
    const inKey = new Set(this.plan.names);
    const sf = this.model.machine.stateField;
    this.stateFieldOutside = sf !== undefined && !inKey.has(sf) ? sf : undefined;
    const first = this.initials[0].fields;
    this.constant = Object.keys(first)
      .filter((k) => !inKey.has(k) && k !== sf)
      .map((k) => [k, first[k]] as const);
  }

  /** Keep the fields of configuration `i` (its key holds an inexact id). */
  keep(i: number, fields: Fields): void {
    this.kept.set(i, fields);
  }

  /** The fields of configuration `i` (one not yet expanded, when fingerprinted). */
  fieldsAt(i: number): Fields {
    if (i < this.initials.length) return this.initials[i].fields;
    if (this.kept.size > 0) {
      const kept = this.kept.get(i);
      if (kept !== undefined) return kept;
    }
    const fields: Record<string, unknown> = {};
    const constant = this.constant;
    for (let q = 0; q < constant.length; q++) fields[constant[q][0]] = constant[q][1];
    const { names } = this.plan;
    const { store, values } = this;
    for (let q = 0; q < names.length; q++) {
      const v = values.valueOf(store.keyAt(i, q + 1));
      if (v !== undefined) fields[names[q]] = v;
    }
    if (this.stateFieldOutside !== undefined)
      fields[this.stateFieldOutside] = this.plan.stateNames[store.stateOf(i)];
    return fields;
  }
}
