/**
 * The precompiled meta-schema validator (ajv standalone, written by the package build) accepts
 * and rejects exactly what the run-time compiled one does, with the same errors; it is ignored
 * when missing or generated from another meta-schema, ajv or options.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadYaml } from "../../compiler/load/yaml.js";
import {
  VALIDATOR_FILE,
  compileValidator,
  loadPrecompiledValidator,
  validatorHash,
  validatorSource,
} from "../../compiler/load/shape-validator.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(REPO, "test", "fixtures");
let dir: string;

beforeAll(() => {
  // Inside the repo, so the generated code's require("ajv/dist/runtime/…") resolves.
  mkdirSync(join(REPO, "test-artifacts"), { recursive: true });
  dir = mkdtempSync(join(REPO, "test-artifacts", "validator-"));
  // What scripts/build-validator.mjs writes after tsc.
  writeFileSync(join(dir, VALIDATOR_FILE), validatorSource());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function yamlFiles(abs: string, out: string[] = []): string[] {
  for (const name of readdirSync(abs).sort()) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (name.endsWith(".yaml")) out.push(p);
  }
  return out;
}

describe("precompiled meta-schema validator", () => {
  it("gives the same verdict and errors as the compiled one on every fixture and example file", () => {
    const pre = loadPrecompiledValidator(dir);
    expect(pre).toBeTypeOf("function");
    const compiled = compileValidator();
    const files = [...yamlFiles(FIXTURES), ...yamlFiles(join(REPO, "intent"))];
    expect(files.length).toBeGreaterThan(100);
    let rejected = 0;
    for (const path of files) {
      const [file] = loadYaml(path, readFileSync(path, "utf8"));
      if (file.value === undefined) continue;
      const a = pre!(file.value);
      const b = compiled(file.value);
      expect(a, path).toBe(b);
      expect(pre!.errors ?? null, path).toEqual(compiled.errors ?? null);
      if (!a) rejected++;
    }
    expect(rejected).toBeGreaterThan(10);
  });

  it("is ignored when generated from another meta-schema or ajv, or when missing", () => {
    const other = mkdtempSync(join(dir, "stale-"));
    const text = readFileSync(join(dir, VALIDATOR_FILE), "utf8");
    expect(text).toContain(validatorHash());
    writeFileSync(join(other, VALIDATOR_FILE), text.replace(validatorHash(), "0".repeat(64)));
    expect(loadPrecompiledValidator(other)).toBeUndefined();
    expect(loadPrecompiledValidator(join(dir, "missing"))).toBeUndefined();
  });

  it("carries no prose, and trusts the copy the bundle step marked as its own without rehashing", () => {
    const text = readFileSync(join(dir, VALIDATOR_FILE), "utf8");
    expect(text).not.toContain("markdownDescription");
    const bundled = mkdtempSync(join(dir, "bundle-"));
    const stale = text.replace(validatorHash(), "0".repeat(64));
    writeFileSync(join(bundled, VALIDATOR_FILE), `${stale}\nmodule.exports.sameBuild = true;\n`);
    expect(loadPrecompiledValidator(bundled)).toBeTypeOf("function");
  });
});
