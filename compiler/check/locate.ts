/**
 * Precise positions for semantic diagnostics. The IR carries one `loc` per declaration; when the
 * loaded files are at hand, a rule can point at the exact YAML node inside it (a glob in
 * `writes`, a `pattern` value). Without files every lookup falls back to the declaration's loc.
 */
import type { Loc } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";

/** Finds YAML nodes in the file a location belongs to. */
export interface Locator {
  /** The node at `path` in `near.file` (key or value range), or `near` when it cannot be found. */
  at(near: Loc, path: YamlPath, which?: "key" | "value"): Loc;
  /** The key a field is written under (`reason` or `reason?`) inside the mapping at `path`. */
  fieldKey(near: Loc, path: YamlPath, name: string): string;
}

/** A locator over the loaded files (none: every lookup returns the fallback). */
export function createLocator(files: readonly LoadedFile[] = []): Locator {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const valueAt = (file: LoadedFile, path: YamlPath): unknown => {
    let v: unknown = file.value;
    for (const seg of path) {
      if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, seg))
        return undefined;
      v = (v as Record<string | number, unknown>)[seg];
    }
    return v;
  };
  return {
    at(near, path, which = "value") {
      const file = byPath.get(near.file);
      if (!file || valueAt(file, path) === undefined) return near;
      return file.locOf(path, which);
    },
    fieldKey(near, path, name) {
      const file = byPath.get(near.file);
      const map = file ? valueAt(file, path) : undefined;
      if (
        map !== null &&
        typeof map === "object" &&
        Object.prototype.hasOwnProperty.call(map, `${name}?`)
      )
        return `${name}?`;
      return name;
    },
  };
}
