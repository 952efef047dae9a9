/** The intentc package version, read once from package.json. */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The package version (e.g. "0.1.0"). */
export function intentcVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
