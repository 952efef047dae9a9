/**
 * Secret-looking files are masked inside the sandbox: each committed file matching
 * {@link SECRET_PATTERNS} is covered by an empty read-only file, so neither the agent nor the
 * gates read it, unless one of the slice's `reads` names it explicitly (a read glob that matches
 * the path and whose last segment is literal, such as `config/.env`, or a `**` glob ending in `/.env`).
 * The evidence lists every masked path.
 *
 * The list covers dotenv files, private keys and key stores, and credential stores of common
 * tools. Extend it in the system file (a `secrets:` list of globs in system.intent.yaml, read at
 * the base commit by `intentc run`; RunOptions.secretPatterns for the API); extra globs add to,
 * never replace, this list.
 */
import { compileGlob } from "../shared/glob.js";
import type { Manifest } from "./manifest.js";

/** Globs of files that look like secrets (matched against repo-relative paths, dotfiles included). */
export const SECRET_PATTERNS: readonly string[] = [
  // dotenv
  "**/.env",
  "**/.env.*",
  "**/*.env",
  // private keys and key stores
  "**/*.pem",
  "**/*.key",
  "**/*.p12",
  "**/*.pfx",
  "**/*.jks",
  "**/*.keystore",
  "**/*.kdbx",
  "**/id_rsa",
  "**/id_dsa",
  "**/id_ecdsa",
  "**/id_ed25519",
  // credential stores
  "**/.npmrc",
  "**/.pypirc",
  "**/.netrc",
  "**/.git-credentials",
  "**/.htpasswd",
  "**/credentials.json",
  "**/.aws/credentials",
  "**/.docker/config.json",
  "**/secrets.yml",
  "**/secrets.yaml",
  "**/*.tfvars",
];

const GLOB_CHARS = /[*?[\]{}]/;

/** True when a read glob names `path` explicitly: it matches and its last segment is literal. */
function namedByReads(path: string, reads: readonly string[]): boolean {
  return reads.some((g) => {
    const last = g.split("/").pop() ?? "";
    return !GLOB_CHARS.test(last) && compileGlob(g)?.(path) === true;
  });
}

/**
 * Paths of the tree to mask: files and symlinks matching the secret list (plus `extra`), minus
 * those the slice's reads name, minus those under `skipUnder` (already hidden). Sorted.
 */
export function secretsToMask(
  tree: Manifest,
  reads: readonly string[],
  extra: readonly string[] = [],
  skipUnder: readonly string[] = [],
): string[] {
  const matchers = [...SECRET_PATTERNS, ...extra]
    .map(compileGlob)
    .filter((m): m is (p: string) => boolean => m !== undefined);
  const out: string[] = [];
  for (const [path, e] of tree) {
    if (e.type !== "file" && e.type !== "symlink") continue;
    if (skipUnder.some((h) => path.startsWith(h + "/"))) continue;
    if (!matchers.some((m) => m(path))) continue;
    if (namedByReads(path, reads)) continue;
    out.push(path);
  }
  return out.sort();
}
