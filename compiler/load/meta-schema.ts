/**
 * The intent meta-schema: a JSON Schema (draft 2020-12) of the intent format described in
 * docs/intent-language.md. ajv checks every loaded file against it (load/shape.ts), and the
 * `intent-schema` emitter publishes it as generated/intent.schema.json for editors.
 *
 * Design for precise diagnostics: no `oneOf`/`anyOf` (their errors come from every branch).
 * Alternatives are chosen with `if`/`then`/`else` on a discriminating key (`system:` vs
 * `domain:`, `enum:` / `fields:` / `type: array` / `type:`), so a mistake fails exactly one
 * branch and yields one error at the right key. Every object sets `additionalProperties: false`
 * and a `title` that shape.ts uses to name the place ("Unknown property 'x' in transition …").
 * Name patterns carry `x-intentc-name` (what kind of name), value patterns `patternErrorMessage`.
 *
 * This file holds the domain file's declarations; the building blocks are in meta-schema-parts.ts,
 * the type forms in meta-schema-types.ts, flows in meta-schema-flows.ts and slices and the system
 * file in meta-schema-system.ts.
 */
import { flowDefs } from "./meta-schema-flows.js";
import {
  approvedBreaking,
  declExtra,
  description,
  doc,
  DOMAIN_PATTERN,
  expression,
  FIELD_KEY_PATTERN,
  fieldExtra,
  ID_PATTERN,
  intentVersion,
  listOf,
  mapOf,
  NAME_PATTERN,
  nameString,
  QNAME_PATTERN,
  ref,
  removalApprovals,
  semver,
  SET_KEY_PATTERN,
  text,
  type JsonSchema,
} from "./meta-schema-parts.js";
import { systemDefs } from "./meta-schema-system.js";
import { typeForms } from "./meta-schema-types.js";

export {
  DOMAIN_PATTERN,
  FIELD_KEY_PATTERN,
  ID_PATTERN,
  NAME_PATTERN,
  QNAME_PATTERN,
  SEMVER_PATTERN,
  SET_KEY_PATTERN,
  type JsonSchema,
} from "./meta-schema-parts.js";

const transition: JsonSchema = {
  title: "transition",
  type: "object",
  ...doc("A transition: `{ to, guard, set }`; without `to` the machine stays in the same state."),
  properties: {
    to: nameString(NAME_PATTERN, "state", "Target state (default: the same state)."),
    guard: {
      ...expression,
      ...doc("Boolean expression; the transition is taken only when it holds."),
    },
    set: mapOf(
      SET_KEY_PATTERN,
      "field",
      expression,
      'Effects: field → expression, or a part of a field → expression (`"field[key]"` for one entry of a map or set, `"field[key].name"` or `"field.name"` for a field of a record); all evaluated on the state before the step.',
    ),
    description,
  },
  additionalProperties: false,
};

/** The meta-schema of intent files, format version 1. */
export const metaSchema: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://intentc.dev/schemas/intent-v1.schema.json",
  title: "intent file",
  ...doc("An intent file: a domain file (`domain:`) or the system file (`system:`)."),
  type: "object",
  if: { required: ["system"] },
  then: ref("systemFile"),
  else: ref("domainFile"),
  $defs: {
    ...typeForms("typeRef", {}),
    ...typeForms("fieldType", fieldExtra),
    ...typeForms("namedType", declExtra),
    fieldMap: mapOf(
      FIELD_KEY_PATTERN,
      "field",
      ref("fieldType"),
      "Fields: name → type. A name ending in `?` is optional.",
    ),
    approvedBreaking,
    domainFile: {
      title: "domain file",
      type: "object",
      required: ["intent", "domain", "version"],
      properties: {
        intent: intentVersion,
        domain: nameString(
          DOMAIN_PATTERN,
          "domain",
          "Lower-case name of the domain, unique across files.",
        ),
        version: semver,
        summary: text("One-line summary of the domain."),
        owners: listOf({ type: "string", minLength: 1 }, "Teams or people who own this domain."),
        risk: nameString(
          NAME_PATTERN,
          "risk tier",
          "Default risk tier (from the system file) for this domain's slices.",
        ),
        approvedBreaking: removalApprovals,
        types: mapOf(NAME_PATTERN, "type", ref("namedType"), "Named types."),
        entities: mapOf(NAME_PATTERN, "entity", ref("entity"), "Stored records with fields."),
        events: mapOf(
          NAME_PATTERN,
          "event",
          ref("event"),
          "Things that happen, with typed payloads.",
        ),
        machines: mapOf(NAME_PATTERN, "machine", ref("machine"), "State machines over an entity."),
        invariants: mapOf(
          ID_PATTERN,
          "invariant",
          ref("invariant"),
          "Rules that must always hold (`ORD-1`).",
        ),
        api: mapOf(NAME_PATTERN, "API", ref("api"), "Operations other slices may call."),
        flows: mapOf(NAME_PATTERN, "flow", ref("flow"), "Value flows across domains."),
        slices: mapOf(ID_PATTERN, "slice", ref("slice"), "Units of work an agent may implement."),
      },
      additionalProperties: false,
    },
    entity: {
      title: "entity",
      type: "object",
      required: ["fields"],
      properties: {
        key: nameString(NAME_PATTERN, "field", "The key field."),
        description,
        fields: ref("fieldMap"),
        ...declExtra,
      },
      additionalProperties: false,
    },
    event: {
      title: "event",
      type: "object",
      properties: { description, fields: ref("fieldMap"), ...declExtra },
      additionalProperties: false,
    },
    machine: {
      title: "machine",
      type: "object",
      required: ["entity", "initial", "states"],
      properties: {
        entity: nameString(
          QNAME_PATTERN,
          "entity",
          "The entity whose fields form the machine's context.",
        ),
        initial: nameString(NAME_PATTERN, "state", "The initial state."),
        init: mapOf(
          NAME_PATTERN,
          "field",
          expression,
          "Initial field values (constant expressions); other fields range over their type.",
        ),
        states: { ...mapOf(NAME_PATTERN, "state", ref("state"), "The states."), minProperties: 1 },
        deadlock: {
          enum: ["allowed", "error"],
          ...doc(
            "`error` (default): exploration reports a non-final state with no enabled event (IC8002); `allowed`: the machine may stop in any state.",
          ),
        },
        description,
        ...declExtra,
      },
      additionalProperties: false,
    },
    state: {
      title: "state",
      type: "object",
      properties: {
        final: { type: "boolean", ...doc("A final state has no transitions.") },
        description,
        on: mapOf(
          QNAME_PATTERN,
          "event",
          ref("transitionSpec"),
          "Transitions: event → target state, transition, or a list of guarded transitions.",
        ),
      },
      additionalProperties: false,
    },
    transitionSpec: {
      type: ["string", "object", "array"],
      ...doc(
        "A target state name, a transition `{ to, guard, set }`, or a list of guarded transitions.",
      ),
      if: { type: "string" },
      then: { pattern: NAME_PATTERN, "x-intentc-name": "state" },
      else: {
        if: { type: "array" },
        then: { items: ref("transition"), minItems: 1 },
        else: ref("transition"),
      },
    },
    transition,
    invariant: {
      title: "invariant",
      type: "object",
      required: ["says", "holds"],
      properties: {
        says: text("The rule in plain words."),
        on: nameString(
          QNAME_PATTERN,
          "entity",
          "The entity the invariant ranges over (optional with one entity).",
        ),
        holds: {
          ...expression,
          ...doc("Boolean expression that must hold; `prev.x` makes it a step invariant."),
        },
        when: { ...expression, ...doc("The invariant only applies while this holds.") },
        severity: {
          enum: ["critical", "error", "warning"],
          ...doc("`critical`, `error` (default) or `warning`."),
        },
        description,
        ...declExtra,
      },
      additionalProperties: false,
    },
    api: {
      title: "API",
      type: "object",
      required: ["operations"],
      properties: {
        description,
        operations: mapOf(NAME_PATTERN, "operation", ref("operation"), "The operations."),
        ...declExtra,
      },
      additionalProperties: false,
    },
    operation: {
      title: "operation",
      type: "object",
      properties: {
        description,
        input: ref("fieldMap"),
        output: ref("typeRef"),
        errors: listOf(
          nameString(NAME_PATTERN, "error", "An error name."),
          "Error names the operation may return.",
          { uniqueItems: true },
        ),
      },
      additionalProperties: false,
    },
    ...flowDefs,
    ...systemDefs,
  },
};
