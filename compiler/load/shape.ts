/**
 * Shape check: the loaded value against the intent meta-schema (ajv; precompiled by the package
 * build, else compiled once per process — see shape-validator.ts). ajv errors become diagnostics
 * at exact YAML positions: an unknown property at its key, a missing property at the parent's
 * key, a wrong type or invalid value at the value.
 * Noise is cut so one mistake gives one diagnostic (see `reduceErrors`).
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector, suggestHint } from "../diagnostics.js";
import type { JsonSchema } from "./meta-schema.js";
import { compileValidator, loadPrecompiledValidator, validatorDir } from "./shape-validator.js";
import { collapseDedents } from "./dedent.js";
import type { LoadedFile, YamlPath } from "./yaml.js";

// Process-wide lazy load of a constant: the meta-schema validator (the same for every Program).
let validator: ValidateFunction | undefined;

/** At most this many shape diagnostics are reported per file. */
export const MAX_SHAPE_DIAGNOSTICS = 100;

/**
 * The meta-schema validator: the one precompiled by the package build when it is current,
 * otherwise compiled on first use; then reused.
 */
export function getShapeValidator(): ValidateFunction {
  validator ??= loadPrecompiledValidator(validatorDir()) ?? compileValidator();
  return validator;
}

/** Check one loaded file's shape. Returns diagnostics at exact YAML positions. */
export function checkShape(file: LoadedFile): Diagnostic[] {
  const validate = getShapeValidator();
  if (validate(file.value)) return [];
  const diags = createCollector();
  // A property written one level too shallow is one diagnostic, not a cascade (dedent.ts).
  const { diagnostics: dedents, rest } = collapseDedents(
    file,
    reduceErrors(validate.errors ?? []),
    (p) => toYamlPath(file.value, p),
  );
  diags.addAll(dedents);
  for (const err of rest) {
    // A file this wrong is better fixed from the top; also bounds the work on hostile input.
    if (diags.diagnostics.length >= MAX_SHAPE_DIAGNOSTICS) break;
    reportError(file, err, diags);
  }
  // Drop exact repeats (same code, place and message), e.g. one bad key seen by two schemas.
  const seen = new Set<string>();
  return diags.diagnostics.filter((d) => {
    const id = `${d.code}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Keep the errors that say what is wrong: drop `if`/`propertyNames` wrappers, and once a value
 * has the wrong type, drop every other complaint at or below it (they follow from it).
 */
export function reduceErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== "if" && e.keyword !== "propertyNames");
  const typed = new Map<string, ErrorObject>();
  for (const e of kept) {
    if (e.keyword !== "type") continue;
    const prev = typed.get(e.instancePath);
    // Prefer the widest expectation ("a string or a mapping"): it is the outer schema's.
    if (!prev || typesOf(e).length > typesOf(prev).length) typed.set(e.instancePath, e);
  }
  return kept.filter((e) => {
    // Walk up the pointer: is this error at or below a value that has the wrong type?
    for (let p = e.instancePath; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const t = typed.get(p);
      if (t !== undefined) return e === t;
      if (p === "") return true;
    }
  });
}

function typesOf(e: ErrorObject): string[] {
  const t = (e.params as { type?: string | string[] }).type;
  return Array.isArray(t) ? t : typeof t === "string" ? t.split(",") : [];
}

function reportError(
  file: LoadedFile,
  err: ErrorObject,
  diags: ReturnType<typeof createCollector>,
): void {
  const path = toYamlPath(file.value, err.instancePath);
  const parent = (err.parentSchema ?? {}) as JsonSchema;
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as object | undefined) ?? {});
      const hint =
        suggestHint(name, allowed) ??
        (allowed.length > 0 ? `Allowed here: ${allowed.join(", ")}.` : undefined);
      diags.report(
        "unknown-property",
        { name, where: describe(parent, path) },
        file.locOf([...path, name], "key"),
        hint ? { hint } : {},
      );
      return;
    }
    case "required": {
      const name = String(params.missingProperty);
      diags.report(
        "missing-property",
        { name, where: describe(parent, path) },
        file.locOf(path, "key"),
      );
      return;
    }
    case "type":
      if (
        typeof parent.patternErrorMessage === "string" &&
        (typeof err.data === "number" || typeof err.data === "boolean")
      ) {
        // `version: 1.0` parses as a number; say what the string should look like.
        const hint = "YAML reads this as a number; write it as text, for example in quotes.";
        diags.report(
          "invalid-value",
          { where: where(path), detail: `'${String(err.data)}': ${parent.patternErrorMessage}` },
          file.locOf(path, "value"),
          { hint },
        );
        return;
      }
      diags.report(
        "wrong-type",
        { expected: expectedText(typesOf(err)), where: where(path) },
        file.locOf(path, "value"),
      );
      return;
    case "const":
      if (path.length === 1 && path[0] === "intent") {
        diags.report(
          "unsupported-intent-version",
          { version: String(err.data) },
          file.locOf(path, "value"),
        );
      } else {
        diags.report(
          "invalid-value",
          { where: where(path), detail: `expected ${JSON.stringify(params.allowedValue)}` },
          file.locOf(path, "value"),
        );
      }
      return;
    case "enum": {
      const allowed = ((params.allowedValues as unknown[]) ?? []).map(String);
      const value = String(err.data);
      const hint = suggestHint(value, allowed);
      diags.report(
        "invalid-value",
        { where: where(path), detail: `'${value}' is not one of ${allowed.join(", ")}` },
        file.locOf(path, "value"),
        hint ? { hint } : {},
      );
      return;
    }
    case "pattern": {
      const propertyName = (err as ErrorObject & { propertyName?: string }).propertyName;
      const what = parent["x-intentc-name"];
      if (propertyName !== undefined) {
        const at = file.locOf([...path, propertyName], "key");
        diags.report(
          "invalid-name",
          { name: propertyName, what: typeof what === "string" ? what : "key" },
          at,
          nameHint(what),
        );
      } else if (typeof what === "string") {
        diags.report(
          "invalid-name",
          { name: String(err.data), what },
          file.locOf(path, "value"),
          nameHint(what),
        );
      } else {
        const detail =
          typeof parent.patternErrorMessage === "string"
            ? parent.patternErrorMessage
            : `must match ${String(params.pattern)}`;
        diags.report(
          "invalid-value",
          { where: where(path), detail: `'${String(err.data)}': ${detail}` },
          file.locOf(path, "value"),
        );
      }
      return;
    }
    default:
      diags.report(
        "invalid-value",
        { where: where(path), detail: limitText(err, params) },
        file.locOf(path, "value"),
      );
  }
}

function nameHint(what: unknown): { hint?: string } {
  return what === "domain" || what === "system"
    ? {
        hint: `A ${what} name is a lower-case identifier such as 'orders' (letters, digits and '_').`,
      }
    : {};
}

/** ajv's limit keywords in plain words. */
function limitText(err: ErrorObject, params: Record<string, unknown>): string {
  const limit = params.limit;
  switch (err.keyword) {
    case "minimum":
      return `must be at least ${limit}`;
    case "maximum":
      return `must be at most ${limit}`;
    case "exclusiveMinimum":
      return `must be greater than ${limit}`;
    case "exclusiveMaximum":
      return `must be less than ${limit}`;
    case "minItems":
      return `needs at least ${limit} item${limit === 1 ? "" : "s"}`;
    case "maxItems":
      return `allows at most ${limit} items`;
    case "minLength":
      return limit === 1 ? "must not be empty" : `must be at least ${limit} characters long`;
    case "maxLength":
      return `must be at most ${limit} characters long`;
    case "minProperties":
      return `needs at least ${limit} entr${limit === 1 ? "y" : "ies"}`;
    case "uniqueItems":
      return `items ${params.j} and ${params.i} are the same`;
    default:
      return err.message ?? err.keyword;
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  null: "nothing",
};

function expectedText(types: readonly string[]): string {
  const words = types.map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1
    ? (words[0] ?? "another value")
    : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

/** "the top level" or `'machines.OrderLifecycle.states'`. */
function where(path: YamlPath): string {
  return path.length === 0 ? "the top level" : `'${pathText(path)}'`;
}

/** The schema's title plus the path: "machine 'machines.OrderLifecycle'". */
function describe(schema: JsonSchema, path: YamlPath): string {
  const title = typeof schema.title === "string" ? schema.title : "mapping";
  return path.length === 0 ? `the ${title}` : `${title} '${pathText(path)}'`;
}

/** A YAML path as text: `flows.checkout.steps[2]`. */
export function pathText(path: YamlPath): string {
  let out = "";
  for (const seg of path)
    out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out;
}

/** Convert an ajv instancePath (JSON Pointer) to a YAML path; array indexes become numbers. */
export function toYamlPath(value: unknown, pointer: string): YamlPath {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let node: unknown = value;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const i = Number(seg);
      out.push(i);
      node = node[i];
    } else {
      out.push(seg);
      node =
        node !== null && typeof node === "object" && Object.prototype.hasOwnProperty.call(node, seg)
          ? (node as Record<string, unknown>)[seg]
          : undefined;
    }
  }
  return out;
}
