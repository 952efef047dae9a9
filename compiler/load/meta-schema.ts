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
 */

/** A JSON Schema node (plain data). */
export type JsonSchema = { readonly [key: string]: unknown };

/** Identifier: types, entities, machines, APIs, events, states, fields, gates, tiers. */
export const NAME_PATTERN = "^[A-Za-z][A-Za-z0-9_]*$";
/** Invariant and slice ids may also hold '-'. */
export const ID_PATTERN = "^[A-Za-z][A-Za-z0-9_-]*$";
/** Domain and system names: lower-case identifiers. */
export const DOMAIN_PATTERN = "^[a-z][a-z0-9_]*$";
/** A reference: `Name` or `domain.Name`. */
/**
 * A key of `set:`: a field, or a part of it — entries of maps and fields of records
 * (`"rmState[event.rm]"`, `"accounts[event.id].balance"`). A key may hold one level of brackets.
 * Unambiguous (each alternative starts with its own character), so matching never backtracks.
 */
export const SET_KEY_PATTERN =
  "^[A-Za-z][A-Za-z0-9_]*(\\[([^\\n\\[\\]]|\\[[^\\n\\[\\]]*\\])+\\]|\\.[A-Za-z][A-Za-z0-9_]*)*$";
export const QNAME_PATTERN = "^([a-z][a-z0-9_]*\\.)?[A-Za-z][A-Za-z0-9_]*$";
/** A field key; a trailing '?' marks it optional. */
export const FIELD_KEY_PATTERN = "^[A-Za-z][A-Za-z0-9_]*\\??$";
/** Semantic version 2.0.0 (semver.org's recommended expression). */
export const SEMVER_PATTERN =
  "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";

/** Description for editors: plain text plus Markdown (`code` kept). */
function doc(markdown: string): { description: string; markdownDescription: string } {
  return { description: markdown.replace(/`/g, ""), markdownDescription: markdown };
}

const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });

/** A string with a name pattern; a mismatch is reported as `invalid-name` for `what`. */
function nameString(pattern: string, what: string, markdown: string): JsonSchema {
  return { type: "string", pattern, "x-intentc-name": what, ...doc(markdown) };
}

/** A mapping from names (checked by `namePattern`) to `valueSchema`. */
function mapOf(
  namePattern: string,
  what: string,
  valueSchema: JsonSchema,
  markdown: string,
): JsonSchema {
  return {
    type: "object",
    ...doc(markdown),
    propertyNames: { pattern: namePattern, "x-intentc-name": what },
    additionalProperties: valueSchema,
  };
}

function listOf(items: JsonSchema, markdown: string, extra: JsonSchema = {}): JsonSchema {
  return { type: "array", items, ...doc(markdown), ...extra };
}

const text = (markdown: string): JsonSchema => ({ type: "string", ...doc(markdown) });
const description = text("Human description, shown in generated docs and code comments.");
const nonNegInt = (markdown: string): JsonSchema => ({
  type: "integer",
  minimum: 0,
  ...doc(markdown),
});

/** Scalar constraints accepted on `type:` forms (the binder rejects ones that do not apply). */
const scalarConstraints: Record<string, JsonSchema> = {
  minimum: { type: "number", ...doc("Smallest allowed value (numbers).") },
  maximum: { type: "number", ...doc("Largest allowed value (numbers).") },
  exclusiveMinimum: { type: "number", ...doc("Values must be greater than this (numbers).") },
  exclusiveMaximum: { type: "number", ...doc("Values must be less than this (numbers).") },
  multipleOf: {
    type: "number",
    exclusiveMinimum: 0,
    ...doc("Values must be a multiple of this (numbers)."),
  },
  minLength: nonNegInt("Shortest allowed length (strings)."),
  maxLength: nonNegInt("Longest allowed length (strings)."),
  pattern: {
    type: "string",
    minLength: 1,
    maxLength: 1000,
    ...doc(
      "An RE2 regular expression the string must match (linear time: no backreferences or lookaround).",
    ),
  },
};

/**
 * The object forms of a type reference, with `extra` keys allowed beside them (field keys or
 * declaration keys). Returns the `$defs` entries, named `<prefix>…`.
 */
function typeForms(prefix: string, extra: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const common = { description, ...extra };
  const form = (
    title: string,
    required: string[],
    properties: Record<string, JsonSchema>,
  ): JsonSchema => ({
    title,
    type: "object",
    required,
    properties: { ...properties, ...common },
    additionalProperties: false,
  });
  return {
    [prefix]: {
      type: ["string", "object"],
      ...doc(
        "A type: `string`, `integer`, `number`, `boolean`, a type, entity or machine name (`Money`, `payments.PaymentId`), or an object form (`{ type: integer, minimum: 0 }`, `{ enum: [a, b] }`, `{ fields: {…} }`, `{ type: array, items: T }`, `{ type: map, keys: K, values: V }`, `{ type: set, items: K }`).",
      ),
      if: { type: "string" },
      then: {
        pattern: QNAME_PATTERN,
        patternErrorMessage:
          "expected a type name such as 'string', 'Money' or 'payments.PaymentId'",
      },
      else: {
        if: { required: ["enum"] },
        then: ref(`${prefix}Enum`),
        else: {
          if: { required: ["fields"] },
          then: ref(`${prefix}Object`),
          else: {
            if: { required: ["type"], properties: { type: { const: "array" } } },
            then: ref(`${prefix}Array`),
            else: {
              if: { required: ["type"], properties: { type: { const: "map" } } },
              then: ref(`${prefix}Map`),
              else: {
                if: { required: ["type"], properties: { type: { const: "set" } } },
                then: ref(`${prefix}Set`),
                else: ref(`${prefix}Scalar`),
              },
            },
          },
        },
      },
    },
    [`${prefix}Enum`]: form("enum type", ["enum"], {
      enum: listOf({ type: "string", minLength: 1 }, "The closed set of allowed strings.", {
        minItems: 1,
      }),
    }),
    [`${prefix}Object`]: form("inline object type", ["fields"], { fields: ref("fieldMap") }),
    [`${prefix}Array`]: form("array type", ["type", "items"], {
      type: { const: "array", ...doc("`array`: a list of `items`.") },
      items: ref("typeRef"),
      minItems: nonNegInt("Fewest allowed items."),
      maxItems: nonNegInt("Most allowed items."),
      uniqueItems: { type: "boolean", ...doc("Items must be distinct.") },
    }),
    [`${prefix}Map`]: form("map type", ["type", "keys", "values"], {
      type: {
        const: "map",
        ...doc(
          "`map`: a value of type `values` for every key of type `keys` (an enum or a machine).",
        ),
      },
      keys: ref("typeRef"),
      values: ref("typeRef"),
    }),
    [`${prefix}Set`]: form("set type", ["type", "items"], {
      type: {
        const: "set",
        ...doc("`set`: a subset of the values of `items` (an enum or a machine)."),
      },
      items: ref("typeRef"),
    }),
    [`${prefix}Scalar`]: form("type", ["type"], {
      type: {
        type: "string",
        pattern: QNAME_PATTERN,
        patternErrorMessage:
          "expected a type name such as 'integer', 'Money' or 'payments.PaymentId'",
        ...doc(
          "`string`, `integer`, `number`, `boolean`, `array`, `map`, `set`, or the name of a type, entity or machine.",
        ),
      },
      ...scalarConstraints,
    }),
  };
}

const approvedBreaking: JsonSchema = listOf(
  {
    title: "breaking-change approval",
    type: "object",
    required: ["rule", "reason", "expires"],
    properties: {
      rule: {
        type: "string",
        pattern: "^[a-z][a-z0-9-]*$",
        patternErrorMessage: "expected a rule id such as 'field-removed'",
        ...doc("The breaking-change rule id reported by `intentc diff`."),
      },
      reason: { type: "string", minLength: 1, ...doc("Why the break is acceptable.") },
      expires: {
        type: "string",
        pattern: "^\\d{4}-\\d{2}-\\d{2}$",
        patternErrorMessage: "expected a date YYYY-MM-DD",
        ...doc("Date (`YYYY-MM-DD`) after which the approval no longer applies."),
      },
    },
    additionalProperties: false,
  },
  "Approvals for breaking changes classified by `intentc diff`: `[{ rule, reason, expires }]`.",
);

const removalApprovals: JsonSchema = listOf(
  {
    title: "approval of a removal",
    type: "object",
    required: ["rule", "element", "reason", "expires"],
    properties: {
      rule: {
        type: "string",
        pattern: "^[a-z][a-z0-9-]*$",
        patternErrorMessage: "expected a rule id such as 'event-removed'",
        ...doc(
          "The removal rule id reported by `intentc diff` (`event-removed`, `entity-removed`, …).",
        ),
      },
      element: nameString(
        ID_PATTERN,
        "declaration",
        "Name of the removed declaration (`ship` for the removed event `ship`).",
      ),
      reason: { type: "string", minLength: 1, ...doc("Why the break is acceptable.") },
      expires: {
        type: "string",
        pattern: "^\\d{4}-\\d{2}-\\d{2}$",
        patternErrorMessage: "expected a date YYYY-MM-DD",
        ...doc("Date (`YYYY-MM-DD`) after which the approval no longer applies."),
      },
    },
    additionalProperties: false,
  },
  "Approvals for removed declarations, which have no place left to hold one: `[{ rule, element, reason, expires }]`.",
);

const declExtra = { approvedBreaking };
const fieldExtra: Record<string, JsonSchema> = {
  optional: {
    type: "boolean",
    ...doc("The field may be absent (same as a trailing `?` on its name)."),
  },
  renamedFrom: nameString(
    NAME_PATTERN,
    "field",
    "Previous name of the field, so `intentc diff` reports a rename.",
  ),
};

const expression: JsonSchema = {
  type: ["string", "number", "boolean", "null"],
  ...doc(
    "An expression in the pure TypeScript subset (fields by name, `event.x`, `prev.x`, arithmetic, comparison, logic).",
  ),
};

const intentVersion: JsonSchema = {
  const: 1,
  ...doc("Version of the intent format (always `1`)."),
};
const semver: JsonSchema = {
  type: "string",
  pattern: SEMVER_PATTERN,
  patternErrorMessage: "expected a semantic version MAJOR.MINOR.PATCH such as 1.2.0",
  ...doc("Semantic version of this contract (`MAJOR.MINOR.PATCH`)."),
};
const qnameList = (markdown: string): JsonSchema =>
  listOf(
    nameString(QNAME_PATTERN, "reference", "A name, or `domain.Name` from another domain."),
    markdown,
  );
const globList = (markdown: string): JsonSchema =>
  listOf(
    {
      type: "string",
      minLength: 1,
      maxLength: 256,
      ...doc("A repo-relative glob such as `services/orders/**`."),
    },
    markdown,
  );

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
    flow: {
      title: "flow",
      type: "object",
      required: ["says", "steps"],
      properties: {
        says: text("What moves, from whom to whom."),
        value: nameString(
          QNAME_PATTERN,
          "type",
          "The numeric type of value that flows (the type of a payload field a step moves).",
        ),
        participants: mapOf(
          NAME_PATTERN,
          "participant",
          ref("flowParticipant"),
          "The machines the flow connects, as named records of its invariants and holders (default: each machine handling a step's event, named after its entity).",
        ),
        steps: listOf(ref("flowStep"), "The steps of the flow, in order.", { minItems: 1 }),
        holders: listOf(
          {
            ...expression,
            ...doc(
              "A numeric expression over the participants (`order.paid`): where part of the flow's value is held.",
            ),
          },
          "Where the flow's value is held: every step of the system conserves the sum of these.",
          { minItems: 1 },
        ),
        invariants: mapOf(
          ID_PATTERN,
          "invariant",
          ref("flowInvariant"),
          "Rules over the participants that hold in every state of the system.",
        ),
        deadlock: {
          enum: ["allowed", "error"],
          ...doc(
            "`error` (default): with `events: all`, the system exploration reports a state where no event is enabled before every participant is final; `allowed`: the system may stop.",
          ),
        },
        channel: {
          type: "integer",
          minimum: 1,
          maximum: 8,
          ...doc(
            "Capacity of the channel of `async` steps (default 1): a trigger that would overflow it waits.",
          ),
        },
        events: {
          enum: ["steps", "all"],
          ...doc(
            "`steps` (default): the system exploration sends the events the steps name; `all`: every event of the participants.",
          ),
        },
        description,
        ...declExtra,
      },
      additionalProperties: false,
    },
    flowStep: {
      type: ["string", "object"],
      ...doc(
        "`domain.event`, `domain.event -> domain.event` (an event and the event it triggers, same payload field names), or `{ on, then, with }`.",
      ),
      if: { type: "string" },
      then: { minLength: 1 },
      else: ref("flowTrigger"),
    },
    flowTrigger: {
      title: "flow step",
      type: "object",
      required: ["on"],
      properties: {
        on: nameString(QNAME_PATTERN, "event", "The event that happens."),
        then: nameString(QNAME_PATTERN, "event", "The event it triggers, in the same atomic step."),
        with: mapOf(
          NAME_PATTERN,
          "field",
          expression,
          "The triggered event's payload: field → expression over the trigger's `event`.",
        ),
        to: {
          ...expression,
          ...doc(
            "Which instance of the triggered event's participant takes it: an index computed from the trigger's `event` (default: the trigger's own index).",
          ),
        },
        async: {
          type: "boolean",
          ...doc(
            "Queue the triggered event in the flow's bounded channel and deliver it in a later step (default: the same atomic step).",
          ),
        },
      },
      additionalProperties: false,
    },
    flowParticipant: {
      type: ["string", "object"],
      ...doc("A machine (`payments.PaymentLifecycle`), or `{ machine, instances }`."),
      if: { type: "string" },
      then: { pattern: QNAME_PATTERN, "x-intentc-name": "machine" },
      else: ref("flowParticipantObject"),
    },
    flowParticipantObject: {
      title: "flow participant",
      type: "object",
      required: ["machine"],
      properties: {
        machine: nameString(QNAME_PATTERN, "machine", "The machine."),
        instances: {
          type: "integer",
          minimum: 1,
          maximum: 8,
          ...doc(
            "How many instances the system exploration runs (default 1); the record is then an array.",
          ),
        },
      },
      additionalProperties: false,
    },
    flowInvariant: {
      title: "flow invariant",
      type: "object",
      required: ["says", "holds"],
      properties: {
        says: text("The rule in plain words."),
        holds: {
          ...expression,
          ...doc(
            "Boolean expression over the participants (`order.paid <= order.total`); `prev.order.paid` reads the step before.",
          ),
        },
        when: { ...expression, ...doc("The invariant only applies while this holds.") },
        severity: {
          enum: ["critical", "error", "warning"],
          ...doc("`critical`, `error` (default) or `warning`."),
        },
      },
      additionalProperties: false,
    },
    slice: {
      title: "slice",
      type: "object",
      required: ["says", "writes"],
      properties: {
        says: text("What the agent implements in this slice."),
        implements: qnameList("Machines, APIs, entities or types this slice implements."),
        uses: qnameList("Interfaces of adjacent slices this slice may call (never internals)."),
        writes: globList(
          "Write scope: repo-relative globs (no `..`, `/`, `!` or bare `**`). Scopes of slices must not overlap.",
        ),
        reads: globList("Read scope: repo-relative globs."),
        risk: nameString(NAME_PATTERN, "risk tier", "Risk tier (default: the domain's `risk`)."),
        tools: listOf(
          nameString(NAME_PATTERN, "tool", "A tool name."),
          "Tools the agent may use (`read`, `edit`, `test`).",
          { uniqueItems: true },
        ),
        network: listOf(
          {
            type: "string",
            pattern: "^(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?$",
            patternErrorMessage:
              "expected a host name such as 'api.example.com' or 'api.example.com:443'",
          },
          "Hosts the agent may reach; empty means no network.",
          { uniqueItems: true },
        ),
        budget: {
          type: "integer",
          minimum: 1,
          maximum: 1000000,
          ...doc("Pack size budget in estimated tokens (default 8000)."),
        },
        agent: {
          enum: ["claude", "codex", "cursor-agent", "generic"],
          ...doc("Agent profile that runs the slice (default: the system's, else `generic`)."),
        },
        env: listOf(
          {
            type: "string",
            pattern: "^[A-Z_][A-Z0-9_]{0,63}$",
            patternErrorMessage:
              "expected an environment variable name such as 'ANTHROPIC_API_KEY'",
          },
          "Environment variables passed into the agent's sandbox (names only; values come from the caller and are never written).",
          { uniqueItems: true },
        ),
        description,
        ...declExtra,
      },
      additionalProperties: false,
    },
    systemFile: {
      title: "system file",
      type: "object",
      required: ["intent", "system", "version"],
      properties: {
        intent: intentVersion,
        system: nameString(DOMAIN_PATTERN, "system", "Lower-case name of the system."),
        version: semver,
        summary: text("One-line summary of the system."),
        owners: listOf({ type: "string", minLength: 1 }, "Teams or people who own the system."),
        gates: mapOf(NAME_PATTERN, "gate", ref("gate"), "Checks an agent's change must pass."),
        agent: {
          enum: ["claude", "codex", "cursor-agent", "generic"],
          ...doc(
            "Agent profile that runs the slice of every slice that names none (default `generic`).",
          ),
        },
        env: listOf(
          {
            type: "string",
            pattern: "^[A-Z_][A-Z0-9_]{0,63}$",
            patternErrorMessage:
              "expected an environment variable name such as 'ANTHROPIC_API_KEY'",
          },
          "Environment variables passed into every slice's agent sandbox (names only; values come from the caller and are never written).",
          { uniqueItems: true },
        ),
        secrets: listOf(
          { type: "string", minLength: 1, maxLength: 256 },
          "Extra globs of secret-looking files to mask inside the agent sandbox, added to the built-in list (dotenv files, private keys, credential stores). A slice's `reads` that names a file explicitly unmasks it.",
        ),
        risk: {
          title: "risk",
          type: "object",
          required: ["tiers"],
          properties: {
            tiers: mapOf(
              NAME_PATTERN,
              "risk tier",
              ref("riskTier"),
              "Risk tiers: approvals, retries and gates.",
            ),
          },
          additionalProperties: false,
          ...doc("Risk tiers shared by every domain."),
        },
      },
      additionalProperties: false,
    },
    gate: {
      title: "gate",
      type: "object",
      required: ["stage", "command"],
      properties: {
        stage: { enum: ["static", "test"], ...doc("`static` gates run before `test` gates.") },
        command: listOf(
          { type: "string", minLength: 1 },
          "argv of the command, run without a shell.",
          { minItems: 1 },
        ),
        description,
      },
      additionalProperties: false,
    },
    riskTier: {
      title: "risk tier",
      type: "object",
      properties: {
        approvals: {
          type: "integer",
          minimum: 0,
          maximum: 10,
          ...doc("Human approvals needed to promote a change."),
        },
        retries: {
          type: "integer",
          minimum: 0,
          maximum: 10,
          ...doc("How often an agent may retry after a failed gate."),
        },
        gates: listOf(
          nameString(NAME_PATTERN, "gate", "A gate name."),
          "Gates, in the order they run.",
          { uniqueItems: true },
        ),
        exercise: {
          enum: ["none", "critical", "all"],
          ...doc(
            "Invariants a run must exercise through a model-based suite on the implementation: `critical` ones, `all`, or `none` (default).",
          ),
        },
        description,
      },
      additionalProperties: false,
    },
  },
};
