/** `intentc init`'s package.json: created, merged without clobbering, refused on conflicts. */
import { describe, expect, it } from "vitest";
import {
  mergePackageJson,
  packageNameFor,
  wantedPackageJson,
} from "../../compiler/cli/init-template.js";

const versions = {
  intentc: "^0.1.0",
  typescript: "^7.0.2",
  vitest: "^4.1.12",
  typesNode: "^20.9.5",
};
const wanted = wantedPackageJson("shop", "intent", versions);

describe("init package.json", () => {
  it("writes the whole scaffold when there is none", () => {
    const r = mergePackageJson(undefined, wanted);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const pkg = JSON.parse(r.text);
    expect(pkg.type).toBe("module");
    expect(pkg.dependencies).toEqual({ "@intentc/runtime": "^0.1.0" });
    expect(pkg.devDependencies.intentc).toBe("^0.1.0");
    expect(pkg.scripts).toEqual({
      build: "intentc build",
      test: "tsc --noEmit -p . && vitest run",
    });
  });

  it("adds what is missing and keeps every existing key and dependency spec", () => {
    const before = {
      name: "mine",
      version: "3.0.0",
      scripts: { lint: "eslint ." },
      dependencies: { intentc: "file:../intentc.tgz", left: "^1.0.0" },
    };
    const r = mergePackageJson(JSON.stringify(before), wanted);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const pkg = JSON.parse(r.text);
    expect(pkg.name).toBe("mine");
    expect(pkg.version).toBe("3.0.0");
    expect(pkg.scripts.lint).toBe("eslint .");
    expect(pkg.dependencies.intentc).toBe("file:../intentc.tgz");
    expect(pkg.devDependencies.intentc).toBeUndefined();
    expect(pkg.dependencies.left).toBe("^1.0.0");
    expect(pkg.dependencies["@intentc/runtime"]).toBe("^0.1.0");
    expect(r.added).toContain("scripts.test");
    expect(r.added).not.toContain("name");
  });

  it("refuses with every conflict named", () => {
    const before = { type: "commonjs", scripts: { test: "jest", build: "intentc build" } };
    const r = mergePackageJson(JSON.stringify(before), wanted);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts).toHaveLength(2);
    expect(r.conflicts[0]).toMatch(/"type" is "commonjs"/);
    expect(r.conflicts[1]).toMatch(/scripts\.test is "jest"/);
  });

  it("refuses a package.json that is not a JSON object", () => {
    expect(mergePackageJson("{ nope", wanted).ok).toBe(false);
    expect(mergePackageJson("[]", wanted).ok).toBe(false);
  });

  it("names the package after its directory", () => {
    expect(packageNameFor("My Shop")).toBe("my-shop");
    expect(packageNameFor("...")).toBe("my-intent-project");
  });
});
