/**
 * The intermediate representation: one immutable, fully resolved Program.
 *
 * Everything here is plain data (readonly interfaces with a `kind` discriminant) so it can be
 * normalized to JSON (the lock file), hashed, diffed and handed to pure emitters.
 * All collections are sorted by name so that iteration order is deterministic.
 */

/** A source position, 1-based line and column (column counted in UTF-16 code units). */
export interface Loc {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A resolved reference to a declaration in some domain. */
export interface Ref {
  readonly domain: string;
  readonly name: string;
}

/** Constraints that apply to primitive types (JSON Schema keywords of the same name). */
export interface Constraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** Every key of {@link Constraints}, in the order JSON Schema output and TS doc tags list them. */
export const CONSTRAINT_KEYS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
] as const satisfies readonly (keyof Constraints)[];

export type PrimitiveName = "string" | "integer" | "number" | "boolean";

export type TypeExpr =
  PrimitiveType | RefType | ArrayType | ObjectType | EnumType | StateType | MapType;

export interface PrimitiveType {
  readonly kind: "primitive";
  readonly name: PrimitiveName;
  readonly constraints: Constraints;
}

/** A reference to a named type or entity (`Money`, `payments.PaymentId`). */
export interface RefType {
  readonly kind: "ref";
  readonly target: "type" | "entity";
  readonly ref: Ref;
}

export interface ArrayType {
  readonly kind: "array";
  readonly items: TypeExpr;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

/**
 * A total map over a finite key type (`{ type: map, keys: RM, values: RMState }`): every key of
 * the key type is present. The key type resolves to an enum, a machine state type or a bounded
 * integer type of at most 64 values. A set
 * (`{ type: set, items: RM }`) is a map to `boolean` (`set: true`): `s[k]` is membership.
 */
export interface MapType {
  readonly kind: "map";
  readonly keys: TypeExpr;
  readonly values: TypeExpr;
  /**
   * The keys, resolved from the key type after binding (declaration order of the enum or the
   * machine's states); empty when the key type is not an enum or a state type (IC3030).
   */
  readonly keyValues: readonly string[];
  /** The key type is an integer type: keys are `"0"`, `"1"` … in data, numbers in expressions. */
  readonly numericKeys?: true;
  /** Declared as `type: set` (the values are booleans). */
  readonly set?: true;
}

/** An inline object (`fields:`). */
export interface ObjectType {
  readonly kind: "object";
  readonly fields: readonly Field[];
}

export interface EnumType {
  readonly kind: "enum";
  readonly values: readonly string[];
}

/** The state of a machine used as a field type: a union of the machine's state names. */
export interface StateType {
  readonly kind: "state";
  readonly machine: Ref;
}

export interface Field {
  readonly name: string;
  readonly type: TypeExpr;
  readonly optional: boolean;
  readonly description?: string;
  /** Declared previous name, so a rename is one change, not a removal and an addition. */
  readonly renamedFrom?: string;
  readonly loc: Loc;
}

/**
 * An approval for a breaking change, written next to the element it covers — or, for a removed
 * declaration (which has no place left to hold it), at the top of its domain file naming it.
 */
export interface BreakingApproval {
  readonly rule: string;
  /** Domain-level approvals only: the name of the removed declaration (`ship` for `event-removed`). */
  readonly element?: string;
  readonly reason: string;
  readonly expires: string;
  readonly loc: Loc;
}

interface DeclBase {
  readonly domain: string;
  readonly name: string;
  readonly description?: string;
  readonly approvedBreaking: readonly BreakingApproval[];
  readonly loc: Loc;
}

export interface TypeDecl extends DeclBase {
  readonly kind: "type";
  readonly type: TypeExpr;
}

export interface Entity extends DeclBase {
  readonly kind: "entity";
  /** Name of the key field, if declared. */
  readonly key?: string;
  readonly fields: readonly Field[];
}

export interface EventDecl extends DeclBase {
  readonly kind: "event";
  readonly fields: readonly Field[];
}

/**
 * An expression in the pure TypeScript subset (guards, effects, invariants, initial values).
 * `loc` is the YAML scalar; `contentLine`/`contentColumn` locate the first character of the
 * expression text itself, so that an offset inside `source` maps to an exact YAML position.
 */
export interface Expr {
  readonly source: string;
  readonly loc: Loc;
  readonly contentLine: number;
  readonly contentColumn: number;
  /**
   * The YAML scalar's text when it is not the expression itself (quoted, escaped, multi-line,
   * a block scalar, a part of a key): expr/positions.ts maps offsets through it exactly.
   * Not part of the program's meaning (normalize.ts leaves it out of the lock).
   */
  readonly scalar?: ExprScalar;
}

/** Where an expression was written: the raw text of its scalar and the position it starts at. */
export interface ExprScalar {
  /** The scalar exactly as in the file, from its first character (a quote, `|`, `>`) on. */
  readonly raw: string;
  readonly line: number;
  readonly column: number;
  /** Where the expression starts in the scalar's value (a key expression inside a `set:` key). */
  readonly offset?: number;
}

/**
 * One step of an assignment target past its field: the entry of a map or set at a key
 * (`[event.rm]`, the key an expression of its own), or a field of a record (`.balance`).
 */
export type TargetStep =
  | { readonly kind: "entry"; readonly key: Expr }
  | { readonly kind: "member"; readonly name: string };

export interface Assignment {
  readonly field: string;
  /**
   * The part of the field that gets `expr`, when not the whole field: `"rmState[event.rm]"` sets
   * one entry of a map, `"accounts[event.id].balance"` one field of the record at that entry,
   * `"limits.daily"` one field of a record-typed field. Everything else keeps its value.
   */
  readonly path?: readonly TargetStep[];
  readonly expr: Expr;
  readonly loc: Loc;
}

export interface Transition {
  /** The event that triggers this transition (may live in another domain). */
  readonly event: Ref;
  /** Target state name; equal to the source state for a self-transition. */
  readonly to: string;
  readonly guard?: Expr;
  /** Effects, applied simultaneously: every right-hand side sees the state before the step. */
  readonly set: readonly Assignment[];
  readonly loc: Loc;
}

export interface State {
  readonly name: string;
  readonly final: boolean;
  readonly description?: string;
  /** Transitions in declaration order (order matters when guards overlap; overlap is reported). */
  readonly transitions: readonly Transition[];
  readonly loc: Loc;
}

export interface Machine extends DeclBase {
  readonly kind: "machine";
  /** The entity whose fields form the machine's context. */
  readonly entity: Ref;
  /** The entity field that holds the current state name, if any field is typed by this machine. */
  readonly stateField?: string;
  readonly initial: string;
  /** Initial values of entity fields (constant expressions); other fields range over their type. */
  readonly init: readonly Assignment[];
  /** States in declaration order (the first listed is not necessarily the initial one). */
  readonly states: readonly State[];
  /**
   * `allowed` (intent `deadlock: allowed`): the machine may stop in any state, so exploration does
   * not report states without an enabled event. Absent: such a non-final state is an error (IC8002).
   */
  readonly deadlock?: "allowed";
}

export type Severity = "critical" | "error" | "warning";

export interface Invariant extends DeclBase {
  readonly kind: "invariant";
  /** Human statement of the rule (`says`). */
  readonly says: string;
  /** The entity the invariant ranges over. */
  readonly entity: Ref;
  readonly holds: Expr;
  readonly when?: Expr;
  readonly severity: Severity;
  /** True when the expression mentions `prev` (a step invariant over before/after). */
  readonly step: boolean;
}

export interface Operation {
  readonly name: string;
  readonly description?: string;
  readonly input: readonly Field[];
  readonly output?: TypeExpr;
  readonly errors: readonly string[];
  readonly loc: Loc;
}

export interface Api extends DeclBase {
  readonly kind: "api";
  readonly operations: readonly Operation[];
}

export interface FlowStep {
  /** The event that happens at this step. */
  readonly event: Ref;
  /** The event it causes in another domain (`payments.capture -> orders.pay`). */
  readonly triggers?: Ref;
  /**
   * The triggered event's payload (object form `{ on, then, with }`): payload field →
   * expression over the trigger's `event`. Absent: each payload field is the trigger's field of
   * the same name.
   */
  readonly with?: readonly Assignment[];
  /**
   * Which instance of the triggered event's participant takes it (`to: "event.to"`, an index
   * over the trigger's payload). Absent: the instance of the trigger's index.
   */
  readonly to?: Expr;
  /**
   * `async: true`: the triggered event is queued in the flow's bounded channel and delivered in a
   * later step of its own, instead of being taken in the same atomic step.
   */
  readonly async?: boolean;
  readonly loc: Loc;
}

/** A machine taking part in a flow, as a named record of system expressions (`order.paid`). */
export interface FlowParticipant {
  /** The record name in the flow's invariants and holders. */
  readonly name: string;
  readonly machine: Ref;
  /** How many instances the system exploration runs (the record is then an array); default 1. */
  readonly instances: number;
  readonly loc: Loc;
}

/** An invariant over the participants of a flow (`order.status == 'shipped' ? … : …`). */
export interface FlowInvariant {
  readonly name: string;
  readonly says: string;
  readonly holds: Expr;
  readonly when?: Expr;
  readonly severity: Severity;
  /** True when an expression mentions `prev` (the participants before the step). */
  readonly step: boolean;
  readonly loc: Loc;
}

export interface Flow extends DeclBase {
  readonly kind: "flow";
  readonly says: string;
  /** The type of value that moves along the flow, if declared. */
  readonly value?: Ref;
  /** Location of `value:` (absent when no value is declared). */
  readonly valueLoc?: Loc;
  readonly steps: readonly FlowStep[];
  /**
   * Declared participants (`participants:`), in declaration order; absent when the flow names
   * none (each machine handling a step's event then takes part under its entity's name).
   */
  readonly participants?: readonly FlowParticipant[];
  /**
   * Where the flow's value is held (`holders:`): numeric expressions over the participants whose
   * sum every step of the system conserves. Absent when none are declared.
   */
  readonly holders?: readonly Expr[];
  /** Invariants over the participants (`invariants:`), sorted by name; absent when none. */
  readonly invariants?: readonly FlowInvariant[];
  /**
   * `deadlock: allowed`: the system may stop before every participant is final. Only checked
   * with `events: all` (over the events of its steps alone, a system stops where the flow ends).
   */
  readonly deadlock?: "allowed";
  /**
   * `events: all`: the system exploration also sends each participant's events that no step
   * names. Absent: only the events of the steps (and what they trigger).
   */
  readonly events?: "all";
  /** Capacity of the channel of `async` steps (`channel:`, default 1); absent when not declared. */
  readonly channel?: number;
}

/** What a slice implements or uses: a machine, an API, an entity or a type. */
export interface SliceTarget {
  readonly kind: "machine" | "api" | "entity" | "type";
  readonly ref: Ref;
}

export interface Slice extends DeclBase {
  readonly kind: "slice";
  readonly says: string;
  readonly implements: readonly SliceTarget[];
  readonly uses: readonly SliceTarget[];
  /** Write scope: repo-relative globs. */
  readonly writes: readonly string[];
  /** Read scope: repo-relative globs. */
  readonly reads: readonly string[];
  /** Name of the risk tier (explicit, or the domain's default). */
  readonly risk: string;
  readonly tools: readonly string[];
  /** Hosts the agent may reach; empty means no network. */
  readonly network: readonly string[];
  /** Size budget of the pack, in estimated tokens. */
  readonly budgetTokens: number;
  /** Agent profile named on the slice (the system's applies when absent). */
  readonly agent?: string;
  /** Env var names passed into the sandbox (besides the system's); absent when none. */
  readonly env?: readonly string[];
}

export interface Gate {
  readonly name: string;
  /** `static` gates (typecheck, lint) run before `test` gates. */
  readonly stage: "static" | "test";
  /** argv of the command, run without a shell. */
  readonly command: readonly string[];
  readonly description?: string;
  readonly loc: Loc;
}

export interface RiskTier {
  readonly name: string;
  readonly approvals: number;
  readonly retries: number;
  /** Gate names, in the order they run. */
  readonly gates: readonly string[];
  /** Invariants a run must exercise on the implementation (absent: none). */
  readonly exercise?: "none" | "critical" | "all";
  readonly loc: Loc;
}

export interface Domain {
  readonly name: string;
  readonly version: string;
  readonly summary?: string;
  readonly owners: readonly string[];
  /** Default risk tier for the domain's slices. */
  readonly risk?: string;
  readonly file: string;
  readonly loc: Loc;
  /** Location of the `version:` value. */
  readonly versionLoc: Loc;
  /** Approvals of removed declarations (`approvedBreaking` at the top of the file); absent when none. */
  readonly approvedBreaking?: readonly BreakingApproval[];
  readonly types: readonly TypeDecl[];
  readonly entities: readonly Entity[];
  readonly events: readonly EventDecl[];
  readonly machines: readonly Machine[];
  readonly invariants: readonly Invariant[];
  readonly apis: readonly Api[];
  readonly flows: readonly Flow[];
  readonly slices: readonly Slice[];
}

export interface SystemInfo {
  readonly name: string;
  readonly version: string;
  readonly summary?: string;
  readonly file?: string;
  /** Default agent profile of every slice. */
  readonly agent?: string;
  /** Env var names passed into every slice's sandbox. */
  readonly env?: readonly string[];
  /** Extra globs of secret-looking files masked in the sandbox (added to governance/secrets.ts). */
  readonly secrets?: readonly string[];
}

/**
 * One compiled intent tree. Domains and every collection inside them are sorted by name. What is
 * computed from a Program (indexes, models, resolvers) is not a field: it is derived data, kept
 * on the Program out of sight of JSON and hashes (compiler/ir/derived.ts).
 */
export interface Program {
  readonly system: SystemInfo;
  readonly domains: readonly Domain[];
  readonly riskTiers: readonly RiskTier[];
  readonly gates: readonly Gate[];
  /** Repo-relative paths of the intent files, sorted, with a sha256 of each file's text. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}

/** Any named declaration inside a domain. */
export type Decl = TypeDecl | Entity | EventDecl | Machine | Invariant | Api | Flow | Slice;
