/**
 * The package.json `intentc init` wants, and its merge into an existing one: missing keys are
 * added, existing keys are never changed. A key whose existing value would break the scaffold
 * (`"type"` other than "module", a different `build` or `test` script) is a conflict: init then
 * writes nothing and names each one. A dependency already declared anywhere is left as it is.
 */

/** Version ranges the scaffold asks for (intentc and its runtime share a version). */
export interface ScaffoldVersions {
  readonly intentc: string;
  readonly typescript: string;
  readonly vitest: string;
  readonly typesNode: string;
}

/** What the scaffold needs in package.json. */
export function wantedPackageJson(name: string, intentDir: string, v: ScaffoldVersions) {
  return {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      build: intentDir === "intent" ? "intentc build" : `intentc build ${intentDir}`,
      test: "tsc --noEmit -p . && vitest run",
    },
    dependencies: { "@intentc/runtime": v.intentc },
    devDependencies: {
      "@types/node": v.typesNode,
      intentc: v.intentc,
      typescript: v.typescript,
      vitest: v.vitest,
    },
  };
}

/** The merge result: the new package.json text, the keys added, or the conflicts. */
export type MergeResult =
  | { readonly ok: true; readonly text: string; readonly added: readonly string[] }
  | { readonly ok: false; readonly conflicts: readonly string[] };

const DEP_FIELDS = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Merge `wanted` into the text of an existing package.json (undefined: there is none). */
export function mergePackageJson(
  existingText: string | undefined,
  wanted: ReturnType<typeof wantedPackageJson>,
): MergeResult {
  if (existingText === undefined)
    return { ok: true, text: JSON.stringify(wanted, null, 2) + "\n", added: ["package.json"] };
  let pkg: unknown;
  try {
    pkg = JSON.parse(existingText);
  } catch (e) {
    return { ok: false, conflicts: [`package.json is not valid JSON (${(e as Error).message})`] };
  }
  if (!isObject(pkg)) return { ok: false, conflicts: ["package.json does not hold a JSON object"] };
  const out: Json = { ...pkg };
  const added: string[] = [];
  const conflicts: string[] = [];
  for (const key of ["name", "version", "private"] as const) {
    if (!(key in out)) {
      out[key] = wanted[key];
      added.push(key);
    }
  }
  if (!("type" in out)) {
    out.type = wanted.type;
    added.push("type");
  } else if (out.type !== "module") {
    conflicts.push(
      `"type" is ${JSON.stringify(out.type)}; the scaffold's TypeScript needs "module"`,
    );
  }
  const scripts = out.scripts ?? {};
  if (!isObject(scripts)) conflicts.push(`"scripts" is not an object`);
  else {
    const merged: Json = { ...scripts };
    for (const [k, v] of Object.entries(wanted.scripts)) {
      if (!(k in merged)) {
        merged[k] = v;
        added.push(`scripts.${k}`);
      } else if (merged[k] !== v) {
        conflicts.push(
          `scripts.${k} is ${JSON.stringify(merged[k])}; the scaffold needs ${JSON.stringify(v)}`,
        );
      }
    }
    out.scripts = merged;
  }
  const declared = (dep: string) =>
    DEP_FIELDS.some((f) => isObject(out[f]) && dep in (out[f] as Json));
  for (const field of ["dependencies", "devDependencies"] as const) {
    const current = out[field] ?? {};
    if (!isObject(current)) {
      conflicts.push(`"${field}" is not an object`);
      continue;
    }
    const merged: Json = { ...current };
    for (const [dep, range] of Object.entries(wanted[field])) {
      if (declared(dep)) continue;
      merged[dep] = range;
      added.push(`${field}.${dep}`);
    }
    out[field] = merged;
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  return { ok: true, text: JSON.stringify(out, null, 2) + "\n", added };
}

/** A package name from a directory name: lower case, npm's allowed characters only. */
export function packageNameFor(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return name || "my-intent-project";
}
