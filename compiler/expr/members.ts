/** Members of the built-in types (lib.es2022), for property checks and "Did you mean" suggestions. */
import { ANY, FN, NUMBER, baseKind, union, type Ty } from "./types.js";

const OBJECT_MEMBERS = ["toString", "toLocaleString", "valueOf"];
const STRING_MEMBERS = [
  "toString",
  "charAt",
  "charCodeAt",
  "concat",
  "indexOf",
  "lastIndexOf",
  "localeCompare",
  "match",
  "replace",
  "search",
  "slice",
  "split",
  "substring",
  "toLowerCase",
  "toLocaleLowerCase",
  "toUpperCase",
  "toLocaleUpperCase",
  "trim",
  "length",
  "substr",
  "valueOf",
  "codePointAt",
  "includes",
  "endsWith",
  "normalize",
  "repeat",
  "startsWith",
  "anchor",
  "big",
  "blink",
  "bold",
  "fixed",
  "fontcolor",
  "fontsize",
  "italics",
  "link",
  "small",
  "strike",
  "sub",
  "sup",
  "padStart",
  "padEnd",
  "trimEnd",
  "trimStart",
  "trimLeft",
  "trimRight",
  "matchAll",
  "at",
];
const NUMBER_MEMBERS = [
  "toString",
  "toFixed",
  "toExponential",
  "toPrecision",
  "valueOf",
  "toLocaleString",
];
const BOOLEAN_MEMBERS = ["valueOf"];
const ARRAY_MEMBERS = [
  "length",
  "toString",
  "toLocaleString",
  "pop",
  "push",
  "concat",
  "join",
  "reverse",
  "shift",
  "slice",
  "sort",
  "splice",
  "unshift",
  "indexOf",
  "lastIndexOf",
  "every",
  "some",
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "find",
  "findIndex",
  "fill",
  "copyWithin",
  "entries",
  "keys",
  "values",
  "includes",
  "flatMap",
  "flat",
  "at",
];

export function lookup(t: Ty, name: string): Ty | undefined {
  switch (t.k) {
    case "object":
      return t.fields().get(name) ?? (OBJECT_MEMBERS.includes(name) ? FN : undefined);
    case "array":
      return name === "length" ? NUMBER : ARRAY_MEMBERS.includes(name) ? FN : undefined;
    case "string":
      return name === "length" ? NUMBER : STRING_MEMBERS.includes(name) ? FN : undefined;
    case "number":
      return NUMBER_MEMBERS.includes(name) ? FN : undefined;
    case "boolean":
      return BOOLEAN_MEMBERS.includes(name) ? FN : undefined;
    case "lit":
      return lookup({ k: baseKind(t) }, name);
    case "fn":
      return [
        "apply",
        "call",
        "bind",
        "toString",
        "length",
        "arguments",
        "caller",
        "name",
        "prototype",
      ].includes(name)
        ? name === "length"
          ? NUMBER
          : ANY
        : undefined;
    case "union": {
      const found = t.types.map((m) => lookup(m, name));
      return found.every((x) => x !== undefined) ? union(found as Ty[]) : undefined;
    }
    default:
      return undefined;
  }
}

export function candidatesOf(t: Ty): string[] {
  switch (t.k) {
    case "object":
      return [...t.fields().keys(), ...OBJECT_MEMBERS];
    case "array":
      return ARRAY_MEMBERS;
    case "string":
      return STRING_MEMBERS;
    case "number":
      return NUMBER_MEMBERS;
    case "boolean":
      return BOOLEAN_MEMBERS;
    case "lit":
      return candidatesOf({ k: baseKind(t) });
    case "union": {
      const lists = t.types.map(candidatesOf);
      return lists[0].filter((c) => lists.every((l) => l.includes(c)));
    }
    default:
      return [];
  }
}
