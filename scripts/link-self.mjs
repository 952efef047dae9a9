#!/usr/bin/env node
// In this repository only (run by `prepare`): link node_modules/intentc to the package root, so
// that code under generated/ and examples/ resolves `intentc/testing` the way a consumer's does.
// Node's self-reference by package name does not reach generated/: generated/package.json makes
// it a package scope of its own. A consumer installs intentc instead; the tarball leaves this out.
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const link = join(root, "node_modules", "intentc");
let current;
try {
  current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : "(not a link)";
} catch {
  current = undefined;
}
if (current !== "..") {
  if (current !== undefined) rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync("..", link, "dir");
}
