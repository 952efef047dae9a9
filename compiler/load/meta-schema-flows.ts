/**
 * The flow declarations of the intent meta-schema (`flows:` of a domain file): a flow, its steps
 * (`a`, `a -> b` or `{ on, then, with, to, async }`), participants and invariants. Spread into
 * the meta-schema's `$defs` in this order.
 */
import {
  declExtra,
  description,
  doc,
  expression,
  ID_PATTERN,
  listOf,
  mapOf,
  NAME_PATTERN,
  nameString,
  QNAME_PATTERN,
  ref,
  text,
  type JsonSchema,
} from "./meta-schema-parts.js";

/** The `$defs` entries of flows. */
export const flowDefs: Record<string, JsonSchema> = {
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
};
