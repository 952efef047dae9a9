/**
 * The type forms of the intent meta-schema: a type reference is a name or one object form
 * (`{ enum }`, `{ fields }`, `{ type: array | map | set }`, `{ type, …constraints }`), chosen with
 * `if`/`then`/`else` on the discriminating key so a mistake fails exactly one branch.
 */
import {
  description,
  doc,
  listOf,
  nonNegInt,
  QNAME_PATTERN,
  ref,
  type JsonSchema,
} from "./meta-schema-parts.js";

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
export function typeForms(
  prefix: string,
  extra: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
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
