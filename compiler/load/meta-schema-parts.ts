/**
 * Building blocks of the intent meta-schema (load/meta-schema.ts): the name patterns, the
 * documented-node helpers (`doc`, `nameString`, `mapOf`, `listOf`) and the schema fragments
 * several declarations share (expressions, versions, glob lists, breaking-change approvals).
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
export function doc(markdown: string): { description: string; markdownDescription: string } {
  return { description: markdown.replace(/`/g, ""), markdownDescription: markdown };
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });

/** A string with a name pattern; a mismatch is reported as `invalid-name` for `what`. */
export function nameString(pattern: string, what: string, markdown: string): JsonSchema {
  return { type: "string", pattern, "x-intentc-name": what, ...doc(markdown) };
}

/** A mapping from names (checked by `namePattern`) to `valueSchema`. */
export function mapOf(
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

export function listOf(items: JsonSchema, markdown: string, extra: JsonSchema = {}): JsonSchema {
  return { type: "array", items, ...doc(markdown), ...extra };
}

export const text = (markdown: string): JsonSchema => ({ type: "string", ...doc(markdown) });
export const description = text("Human description, shown in generated docs and code comments.");
export const nonNegInt = (markdown: string): JsonSchema => ({
  type: "integer",
  minimum: 0,
  ...doc(markdown),
});

export const approvedBreaking: JsonSchema = listOf(
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

export const removalApprovals: JsonSchema = listOf(
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

export const declExtra = { approvedBreaking };
export const fieldExtra: Record<string, JsonSchema> = {
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

export const expression: JsonSchema = {
  type: ["string", "number", "boolean", "null"],
  ...doc(
    "An expression in the pure TypeScript subset (fields by name, `event.x`, `prev.x`, arithmetic, comparison, logic).",
  ),
};

export const intentVersion: JsonSchema = {
  const: 1,
  ...doc("Version of the intent format (always `1`)."),
};
export const semver: JsonSchema = {
  type: "string",
  pattern: SEMVER_PATTERN,
  patternErrorMessage: "expected a semantic version MAJOR.MINOR.PATCH such as 1.2.0",
  ...doc("Semantic version of this contract (`MAJOR.MINOR.PATCH`)."),
};
export const qnameList = (markdown: string): JsonSchema =>
  listOf(
    nameString(QNAME_PATTERN, "reference", "A name, or `domain.Name` from another domain."),
    markdown,
  );
export const globList = (markdown: string): JsonSchema =>
  listOf(
    {
      type: "string",
      minLength: 1,
      maxLength: 256,
      ...doc("A repo-relative glob such as `services/orders/**`."),
    },
    markdown,
  );
