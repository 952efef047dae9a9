/** Identifier and file-name casing for generated code. Names come only from validated intent names. */
import { escapeJsString } from "./escape.js";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await any boolean number string symbol " +
    "undefined never object unknown type of as async from get set constructor prototype arguments eval"
  ).split(" "),
);

/** `order-service` → `OrderService`, `ORD-1` → `Ord1`, `orders` → `Orders`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join("");
}

/** `order-service` → `orderService`, `OrderLifecycle` → `orderLifecycle`. */
export function camelCase(name: string): string {
  const p = pascalCase(name);
  return p === "" ? p : p[0].toLowerCase() + p.slice(1);
}

/** `OrderLifecycle` → `order-lifecycle`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

/** A safe JS identifier: reserved words get a trailing underscore, a leading digit a prefix. */
export function safeIdent(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (/^[0-9]/.test(id)) id = "_" + id;
  return RESERVED.has(id) ? id + "_" : id;
}

/** A property key for an object literal: bare when it is a plain identifier, quoted otherwise. */
export function propKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__"
    ? name
    : escapeJsString(name);
}
