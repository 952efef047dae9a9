/**
 * Validation issues as data: a closed code union, a path into the value and a default English
 * message map. Generated code carries codes, never sentences.
 */

/** Every issue code a contract validator can report. */
export type IssueCode =
  | "invalid_type"
  | "required"
  | "unknown_key"
  | "too_small"
  | "too_big"
  | "not_multiple_of"
  | "too_short"
  | "too_long"
  | "invalid_pattern"
  | "invalid_enum"
  | "too_few_items"
  | "too_many_items"
  | "duplicate_items"
  | "invalid";

/** A path into a value: object keys and array indices, outermost first. */
export type IssuePath = readonly (string | number)[];

/** One problem with a value: what (code), where (path) and a default message. */
export interface Issue {
  readonly code: IssueCode;
  readonly path: IssuePath;
  readonly message: string;
  /** Keyword parameters (limit, pattern, allowed values…) for custom messages. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Default English messages, keyed by code. */
export const issueMessages: Readonly<
  Record<IssueCode, (params: Readonly<Record<string, unknown>>) => string>
> = {
  invalid_type: (p) => `Expected ${String(p.expected ?? "another type")}.`,
  required: () => "Required field is missing.",
  unknown_key: () => "Unknown field.",
  too_small: (p) =>
    `Must be ${p.exclusive === true ? "greater than" : "at least"} ${String(p.limit)}.`,
  too_big: (p) => `Must be ${p.exclusive === true ? "less than" : "at most"} ${String(p.limit)}.`,
  not_multiple_of: (p) => `Must be a multiple of ${String(p.multipleOf)}.`,
  too_short: (p) => `Must be at least ${String(p.limit)} characters long.`,
  too_long: (p) => `Must be at most ${String(p.limit)} characters long.`,
  invalid_pattern: (p) => `Must match the pattern ${JSON.stringify(String(p.pattern))}.`,
  invalid_enum: (p) =>
    `Must be one of ${Array.isArray(p.allowed) ? p.allowed.map((v) => JSON.stringify(v)).join(", ") : "the allowed values"}.`,
  too_few_items: (p) => `Must hold at least ${String(p.limit)} items.`,
  too_many_items: (p) => `Must hold at most ${String(p.limit)} items.`,
  duplicate_items: (p) => `Items ${String(p.i)} and ${String(p.j)} are equal.`,
  invalid: () => "Invalid value.",
};

/** The default message for an issue code with its parameters. */
export function issueMessage(
  code: IssueCode,
  params: Readonly<Record<string, unknown>> = {},
): string {
  return issueMessages[code](params);
}

/** Render a path as `items[0].qty` (the root is `(root)`). */
export function formatPath(path: IssuePath): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Render issues one per line: `items[0].qty: Must be at least 1. (too_small)`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message} (${i.code})`).join("\n");
}
