/**
 * IC3xxx: semantic checks on the bound Program. Grouped by rule family:
 * IC30xx types, IC31xx machines, IC32xx slices and scopes.
 */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const checkDiagnostics = {
  // IC30xx — types (check/types.rule.ts)
  "type-cycle": {
    code: "IC3001",
    severity: "error",
    message: msg`Type '${"name"}' refers to itself through ${"path"}.`,
    hint: "Recursive types cannot be validated or generated; break the cycle with an id reference.",
  },
  "empty-range": {
    code: "IC3002",
    severity: "error",
    message: msg`'${"min"}' is greater than '${"max"}' (${"low"} > ${"high"}): no value can satisfy '${"name"}'.`,
    hint: "Swap the bounds or fix one of them.",
  },
  "invalid-pattern": {
    code: "IC3003",
    severity: "error",
    message: msg`Pattern '${"pattern"}' of '${"name"}' is not a valid RE2 regular expression: ${"detail"}.`,
    hint: "Patterns use RE2 syntax (linear time): no backreferences or lookaround.",
  },
  "duplicate-enum-value": {
    code: "IC3004",
    severity: "error",
    message: msg`Enum '${"name"}' lists '${"value"}' more than once.`,
  },
  "unknown-key-field": {
    code: "IC3005",
    severity: "error",
    message: msg`Key '${"key"}' of entity '${"entity"}' is not one of its fields.`,
  },
  "optional-key-field": {
    code: "IC3006",
    severity: "error",
    message: msg`Key field '${"key"}' of entity '${"entity"}' is optional.`,
    hint: "Every record needs its key; make the field required.",
  },
  "constraint-not-applicable": {
    code: "IC3007",
    severity: "error",
    message: msg`Constraint '${"constraint"}' does not apply to ${"type"} values ('${"name"}').`,
    hint: "minimum/maximum/multipleOf apply to numbers; minLength/maxLength/pattern to strings; booleans take none.",
  },
  "map-key-not-finite": {
    code: "IC3030",
    severity: "error",
    message: msg`The keys of map or set '${"name"}' must be an enum, a machine's states or an integer type with at most 64 values, not ${"type"}.`,
    hint: "Declare the keys as a named enum (`RM: { enum: [rm1, rm2, rm3] }`) or a bounded integer (`Slot: { type: integer, minimum: 0, maximum: 2 }`) and write `{ type: map, keys: RM, values: … }`.",
  },
  "map-key-integer-like": {
    code: "IC3031",
    severity: "error",
    message: msg`Enum value '${"value"}' cannot be a key of map or set '${"name"}': it reads as an integer.`,
    hint: "Integer-like keys belong to integer-keyed maps (`keys: { type: integer, minimum: …, maximum: … }`); give the enum value a name (`n1`).",
  },
  // IC31xx — machines (check/machines.rule.ts)
  "unknown-initial-state": {
    code: "IC3101",
    severity: "error",
    message: msg`Initial state '${"state"}' of machine '${"machine"}' is not one of its states.`,
  },
  "unknown-target-state": {
    code: "IC3102",
    severity: "error",
    message: msg`Transition on '${"event"}' in state '${"from"}' goes to unknown state '${"state"}'.`,
  },
  "final-state-with-transitions": {
    code: "IC3103",
    severity: "error",
    message: msg`Final state '${"state"}' of machine '${"machine"}' has transitions.`,
    hint: "A final state ends the machine; remove its `on:` or drop `final: true`.",
  },
  "unreachable-state-static": {
    code: "IC3104",
    severity: "warning",
    message: msg`State '${"state"}' of machine '${"machine"}' cannot be reached from the initial state '${"initial"}'.`,
    hint: "Add a transition into it, or remove it.",
  },
  "dead-end-state": {
    code: "IC3105",
    severity: "error",
    message: msg`State '${"state"}' of machine '${"machine"}' has no transitions and is not final.`,
    hint: "Add transitions out of it, or mark it `final: true`.",
  },
  "multiple-state-fields": {
    code: "IC3106",
    severity: "error",
    message: msg`Entity '${"entity"}' has more than one field typed by machine '${"machine"}' ('${"first"}' and '${"second"}').`,
    hint: "One field holds the machine's state; remove the other.",
  },
  "state-field-assigned": {
    code: "IC3107",
    severity: "error",
    message: msg`Machine '${"machine"}' assigns its state field '${"name"}'.`,
    hint: "The state field is set to the target state automatically; use `to:` to change state.",
  },
  "shadowed-transition": {
    code: "IC3108",
    severity: "warning",
    message: msg`Transition on '${"event"}' in state '${"state"}' can never be taken: an earlier transition on the same event has no guard.`,
    hint: "Give the earlier transition a guard, or remove this one.",
  },
  "init-value-out-of-type": {
    code: "IC3109",
    severity: "error",
    message: msg`Initial value of '${"field"}' in machine '${"machine"}' does not fit its type: ${"reason"}.`,
    hint: "Change the initial value, or the field's type constraint.",
  },
  // IC32xx — slices and scopes (check/slices.rule.ts)
  "scope-escapes-repo": {
    code: "IC3201",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' points outside the repository.`,
    hint: "Scopes are repo-relative globs: no '..' segments, no leading '/' or '~', no drive letters or backslashes.",
  },
  "scope-negated": {
    code: "IC3202",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' is negated.`,
    hint: "Scopes list what a slice may touch; negations ('!…') are not supported. List the allowed paths instead.",
  },
  "scope-too-broad": {
    code: "IC3203",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' is too broad.`,
    hint: "Start the glob with a literal directory, such as 'services/orders/**'.",
  },
  "scope-control-path": {
    code: "IC3204",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' touches '${"path"}', which agents may not use.`,
    hint: "Control paths (compiler/shared/control-paths.ts: intent/, generated/, .git/, .github/, .claude/, AGENTS.md, …) belong to people and intentc, not to slices; they are compared case-insensitively.",
  },
  "scope-overlap": {
    code: "IC3205",
    severity: "error",
    message: msg`Write scope '${"glob"}' of slice '${"slice"}' overlaps write scope '${"otherGlob"}' of slice '${"other"}'.`,
    hint: "Each file has one owning slice; narrow one of the scopes.",
  },
  "risk-tier-without-gates": {
    code: "IC3206",
    severity: "error",
    message: msg`Slice '${"slice"}' has risk tier '${"tier"}', which runs no gates.`,
    hint: "Add gates to the tier in the system file; an agent's change must pass at least one check.",
  },
  "scope-unsupported-glob": {
    code: "IC3207",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' uses unsupported glob syntax: ${"detail"}.`,
    hint: "Use '*', '**', '?', character classes and single-segment braces such as '*.{ts,tsx}'.",
  },
  // IC321x — gates and tiers (check/gates.rule.ts)
  "risk-tier-undefined": {
    code: "IC3210",
    severity: "error",
    message: msg`Slice '${"slice"}' has risk tier '${"tier"}', but ${"why"}: no tier of that name exists, so the slice would run no gates.`,
    hint: "Declare the tier with its gates under `risk.tiers` in the system file (intent/system.intent.yaml); an agent's change must pass at least one check.",
  },
  "exercise-unreachable": {
    code: "IC3211",
    severity: "error",
    message: msg`Risk tier '${"tier"}' requires '${"invariants"}' exercised on slice '${"slice"}', but the slice implements no machine whose model-based suite checks them; every run would fail.`,
    hint: "Have the slice implement the machine over that entity, or lower the tier's `exercise:`.",
  },
  // IC322x — canonical scopes and names that alias on other file systems (check/names.rule.ts)
  "scope-not-canonical": {
    code: "IC3220",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' is not canonical; write '${"canonical"}'.`,
    hint: "Scopes are matched as written: no './' prefix, no empty segments ('//'), no trailing '/'.",
  },
  "scope-alias-name": {
    code: "IC3221",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' has a segment '${"segment"}' that aliases on other file systems: ${"detail"}.`,
    hint: "Windows device names (CON, nul.txt), trailing dots or spaces, ':' (alternate data streams), 8.3 names (PROGRA~1) and invisible characters name another file on some checkouts.",
  },
  "scope-too-complex": {
    code: "IC3222",
    severity: "error",
    message: msg`The ${"scope"} scope '${"glob"}' of slice '${"slice"}' is too complex to match safely.`,
    hint: "Keep a glob under 256 characters and its braces under 64 alternatives per segment.",
  },
  "name-aliases": {
    code: "IC3223",
    severity: "error",
    message: msg`The ${"what"} name '${"name"}' aliases on other file systems: ${"detail"}.`,
    hint: "The name becomes a file or folder name under generated/; pick one that is not a Windows device name such as CON, PRN, AUX, NUL, COM1 or LPT1.",
  },
  "name-case-collision": {
    code: "IC3224",
    severity: "error",
    message: msg`The ${"what"} name '${"name"}' differs from '${"other"}' only in case; they are one file on macOS and Windows.`,
    hint: "Rename one of them: generated files and folders are named after them.",
  },
  "duplicate-slice-id": {
    code: "IC3225",
    severity: "error",
    message: msg`Slice '${"name"}' of domain '${"domain"}' has the same id as a slice of domain '${"other"}'.`,
    hint: "Slice ids name the folder generated/slices/<id>/ and the run store, so they are unique across domains.",
  },
  // IC323x — flows: steps, payloads and values (check/flows.rule.ts)
  "flow-event-unhandled": {
    code: "IC3230",
    severity: "error",
    message: msg`Event '${"event"}' of flow '${"flow"}' is handled by no ${"scope"}.`,
    hint: "A flow connects machines: some machine must have a transition on every event its steps name.",
  },
  "flow-payload-missing": {
    code: "IC3231",
    severity: "error",
    message: msg`Flow '${"flow"}': '${"target"}' needs payload field '${"field"}', ${"reason"}.`,
    hint: 'Give the step a mapping, `{ on: <trigger>, then: <target>, with: { <field>: "event.<field of the trigger>" } }`, or a trigger field of the same name.',
  },
  "flow-payload-mismatch": {
    code: "IC3232",
    severity: "error",
    message: msg`Flow '${"flow"}': '${"target"}' (${"targetType"}) cannot take '${"source"}' (${"sourceType"}): ${"problem"}.`,
    hint: "The triggered event's payload is built from the trigger's; map it explicitly with `with:` or make the types agree.",
  },
  "flow-payload-unknown-field": {
    code: "IC3233",
    severity: "error",
    message: msg`Flow '${"flow"}': event '${"target"}' has no payload field '${"field"}'.`,
    hint: "The keys of a step's `with:` are payload fields of the event it triggers (`then:`).",
  },
  "flow-value-not-numeric": {
    code: "IC3234",
    severity: "error",
    message: msg`The value '${"value"}' of flow '${"flow"}' is ${"what"}, not a number.`,
    hint: "`value:` names the numeric type of what moves (an amount, a quantity), so that it can be conserved.",
  },
  "flow-value-not-moved": {
    code: "IC3235",
    severity: "error",
    message: msg`No step of flow '${"flow"}' passes on a payload field of type '${"value"}' (its value)${"detail"}.`,
    hint: "The value of a flow is the type of a payload field that a step `a -> b` passes on; name that type, or add the step that moves it.",
  },
  "flow-trigger-cycle": {
    code: "IC3236",
    severity: "error",
    message: msg`Flow '${"flow"}' triggers events in a cycle: ${"cycle"}.`,
    hint: "A triggered event is taken in the same atomic step as its trigger, so a cycle never ends.",
  },
  "flow-mapping-without-target": {
    code: "IC3237",
    severity: "error",
    message: msg`A step of flow '${"flow"}' maps a payload ('with:'), picks an instance ('to:') or is asynchronous ('async:') but triggers no event ('then:').`,
  },
} as const satisfies Record<string, DiagnosticDef>;
