/** The ranges generated/package.json declares agree with the runtime package they name. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import semver from "semver";
import { RUNTIME_IMPORT, RUNTIME_RANGE, XSTATE_RANGE } from "../../compiler/emit/runtime-import.js";
import { contractsPackageName } from "../../compiler/emit/package-json.js";

const runtime = JSON.parse(
  readFileSync(new URL("../../runtime/package.json", import.meta.url), "utf8"),
) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
};
const cli = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
};

describe("generated/package.json ranges", () => {
  it("name the runtime package and accept its version", () => {
    expect(runtime.name).toBe(RUNTIME_IMPORT);
    expect(semver.satisfies(runtime.version, RUNTIME_RANGE)).toBe(true);
    expect(runtime.version).toBe(cli.version);
  });

  it("ask for the xstate the runtime peers with and the CLI installs", () => {
    expect(runtime.peerDependencies.xstate).toBe(XSTATE_RANGE);
    expect(cli.dependencies.xstate).toBe(XSTATE_RANGE);
  });

  it("derive a valid npm name from the system name", () => {
    expect(contractsPackageName("shop")).toBe("shop-contracts");
    expect(contractsPackageName("My App")).toBe("my-app-contracts");
    expect(contractsPackageName("__")).toBe("intent-contracts");
  });
});
