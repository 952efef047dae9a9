/** The intentc package version, read once from package.json. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Process-wide lazy load of a constant: the package version.
let cached: string | undefined;

/** The package root (works from compiled dist/ and from the TypeScript sources). */
export function packageRoot(): string {
  root ??= findPackageRoot();
  return root;
}

// Process-wide lazy load of a constant: the package root.
let root: string | undefined;

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "package.json");
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "intentc"
    ) {
      return dir;
    }
    dir = dirname(dir);
  }
  return dir;
}

/** The package version (e.g. "0.1.0"). */
export function intentcVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as {
      version: string;
    };
    cached = pkg.version;
  }
  return cached;
}
