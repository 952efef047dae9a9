/**
 * `intentc build` in-process on a copy of the example. The front end and the lock emitter are
 * real; the other emitters, version enforcement and exploring a machine are replaced by small fakes so
 * these tests pin the build command's own behaviour (cache, check, lock, recovery, diagnostics),
 * not other areas' output. The child-process tests in determinism.test.ts run everything real.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";
import type { LockFile } from "../../compiler/diff/lock-file.js";
import { acquireBuildLock } from "../../compiler/write/lock.js";
import { resolveOutputTarget } from "../../compiler/write/paths.js";
import { litter, manifest, tempRoot } from "../write/helpers.js";

const state = vi.hoisted(() => ({ emits: 0, previousLocks: [] as (LockFile | undefined)[] }));

vi.mock("../../compiler/emit/index.js", async () => {
  const { lockEmitter } = await import("../../compiler/emit/lock.js");
  const { stableJson } = await import("../../compiler/emit/code.js");
  const fake = {
    name: "fake",
    description: "one file per domain plus a shared index",
    emit(program: { domains: readonly { name: string; entities: readonly { name: string }[] }[] }) {
      state.emits++;
      const files = new Map<string, string>();
      for (const d of program.domains)
        files.set(`domains/${d.name}/entities.json`, stableJson(d.entities.map((e) => e.name)));
      files.set("index.json", stableJson(program.domains.map((d) => d.name)));
      return files;
    },
  };
  return { emitters: [lockEmitter, fake] };
});
vi.mock("../../compiler/diff/enforce.js", () => ({
  enforceVersions: (_p: unknown, previous: LockFile | undefined) => {
    state.previousLocks.push(previous);
    return [];
  },
}));
vi.mock("../../compiler/explore/index.js", async (original) => ({
  ...(await original<typeof import("../../compiler/explore/index.js")>()),
  exploreForBuild: () => ({ diagnostics: [], seeds: [], states: 0 }),
  exploreSystemForBuild: () => ({ diagnostics: [] }),
}));

const EXAMPLE = join(process.cwd(), "intent");

let root: string;
beforeEach(() => {
  root = tempRoot("intentc-build-");
  cpSync(EXAMPLE, join(root, "intent"), { recursive: true });
  state.emits = 0;
  state.previousLocks = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[], cwd = root, isTTY = false) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), cwd, isTTY };
  const code = await main(argv, io);
  return { code, out, err: err.replace(/\(\d+ ms\)/g, "(T ms)") };
}

const gen = () => join(root, "generated");
/** Files the fake emitters produce for the example: lock, index and one per domain. */
const FILES = 2 + 4;

describe("intentc build", () => {
  it("builds the example into generated/ and prints counts", async () => {
    const r = await run(["build"]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `intentc: built generated/: ${FILES} written, 0 unchanged, 0 removed (T ms)\n`,
    );
    expect(JSON.parse(readFileSync(join(gen(), "index.json"), "utf8"))).toEqual([
      "inventory",
      "orders",
      "payments",
      "shipping",
    ]);
    expect(JSON.parse(readFileSync(join(gen(), "intent.lock.json"), "utf8")).lockVersion).toBe(1);
    expect(litter(root)).toEqual([]);
  });

  it("shows progress steps on a terminal and clears them before the summary", async () => {
    const r = await run(["build"], root, true);
    const clear = "\r\x1b[K";
    // Machine counts are redrawn at most ~10 times a second; the last count is always drawn.
    expect(r.err).toContain(`${clear}analyzing: 4/4 machines, 0 states (`);
    expect(r.err.replace(/\r\x1b\[Kanalyzing: [^\r]*/g, "")).toBe(
      ["hashing…", "compiling…", "analyzing…", "emitting…", "writing…", "caching…", ""]
        .map((s) => clear + s)
        .join("") + `intentc: built generated/: ${FILES} written, 0 unchanged, 0 removed (T ms)\n`,
    );
  });

  it("shows no progress with --quiet, with a machine-readable format, or when stderr is not a terminal", async () => {
    const summary = `intentc: built generated/: ${FILES} written, 0 unchanged, 0 removed (T ms)\n`;
    expect((await run(["build", "--quiet"], root, true)).err).toBe(summary);
    rmSync(gen(), { recursive: true, force: true });
    expect((await run(["build", "--force"], root, false)).err).toBe(summary);
    const json = await run(["build", "--force", "--format", "json"], root, true);
    expect(json.err).not.toContain("\r");
  });

  it("--timings prints each step's duration before the summary", async () => {
    const r = await run(["build", "--timings"], root);
    const lines = r.err.trimEnd().split("\n");
    // A step name padded to 10 columns, then its duration right-aligned in 9.
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^[a-z-]+ +\d+ ms$/);
    expect(lines.slice(0, -1).map((l) => l.length)).toEqual(Array(7).fill(19));
    expect(lines.slice(0, -1).map((l) => l.split(/ +/)[0])).toEqual([
      "start-up",
      "hashing",
      "compiling",
      "analyzing",
      "emitting",
      "writing",
      "caching",
    ]);
    expect(lines.at(-1)).toBe(
      `intentc: built generated/: ${FILES} written, 0 unchanged, 0 removed (T ms)`,
    );
  });

  it("without a cache dir, a second build rewrites nothing", async () => {
    await run(["build"]);
    const before = manifest(gen());
    const r = await run(["build"]);
    expect(r.err).toBe(
      `intentc: built generated/: 0 written, ${FILES} unchanged, 0 removed (T ms)\n`,
    );
    expect(manifest(gen())).toBe(before);
    expect(state.emits).toBe(2);
  });

  it("with node_modules/.cache, a no-op build only hashes: no compile, no emit", async () => {
    mkdirSync(join(root, "node_modules"));
    await run(["build"]);
    expect(existsSync(join(root, "node_modules/.cache/intentc"))).toBe(true);
    const r = await run(["build"]);
    expect(r).toEqual({ code: 0, out: "", err: "intentc: generated/ is up to date (T ms)\n" });
    expect(state.emits).toBe(1);
    // --check uses the same cache, and still prints a JSON document when asked.
    expect((await run(["build", "--check"])).err).toBe(
      "intentc: generated/ is up to date (T ms)\n",
    );
    expect(
      JSON.parse((await run(["build", "--check", "--format", "json"])).out).diagnostics,
    ).toEqual([]);
    expect(state.emits).toBe(1);
    // --force ignores it.
    expect((await run(["build", "--force"])).err).toBe(
      `intentc: built generated/: 0 written, ${FILES} unchanged, 0 removed (T ms)\n`,
    );
    expect(state.emits).toBe(2);
  });

  it("the cache is invalidated by an intent edit, another option, or a hand-edited output file", async () => {
    mkdirSync(join(root, "node_modules"));
    await run(["build"]);
    const f = join(root, "intent/orders.intent.yaml");
    writeFileSync(
      f,
      readFileSync(f, "utf8").replace(
        "description: Amount in cents",
        "description: Amount in euro cents",
      ),
    );
    const edited = await run(["build"]);
    expect(edited.err).toBe(
      `intentc: built generated/: 1 written, ${FILES - 1} unchanged, 0 removed (T ms)\n`,
    );
    expect((await run(["build", "--explore-budget", "5"])).err).toMatch(
      /^intentc: built generated\/: 0 written/,
    );
    writeFileSync(join(gen(), "index.json"), "[]\n");
    expect((await run(["build", "--explore-budget", "5"])).err).toBe(
      `intentc: built generated/: 1 written, ${FILES - 1} unchanged, 0 removed (T ms)\n`,
    );
    expect(JSON.parse(readFileSync(join(gen(), "index.json"), "utf8"))).toHaveLength(4);
    expect(state.emits).toBe(4);
  });

  it("a no-op build trusts its lstat stamp only while nothing touched the tree", async () => {
    mkdirSync(join(root, "node_modules"));
    await run(["build"]);
    const index = join(gen(), "index.json");
    // Same size, mtime set back: the ctime still moved, so the contents are hashed and the edit found.
    const text = readFileSync(index, "utf8");
    const { atime, mtime } = statSync(index);
    writeFileSync(index, text.replace(/[a-z]/, "Z"));
    utimesSync(index, atime, mtime);
    expect((await run(["build"])).err).toBe(
      `intentc: built generated/: 1 written, ${FILES - 1} unchanged, 0 removed (T ms)\n`,
    );
    expect(readFileSync(index, "utf8")).toBe(text);
    expect(state.emits).toBe(2);
    // Times changed but not the contents: still up to date (by content), nothing emitted.
    utimesSync(index, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await run(["build"])).err).toBe("intentc: generated/ is up to date (T ms)\n");
    expect((await run(["build"])).err).toBe("intentc: generated/ is up to date (T ms)\n");
    expect(state.emits).toBe(2);
  });

  it("passes the previous build's lock to version enforcement", async () => {
    await run(["build"]);
    await run(["build"]);
    expect(state.previousLocks[0]).toBeUndefined();
    expect(state.previousLocks[1]?.programHash).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(
      join(gen(), "intent.lock.json"),
      '{"lockVersion": 1, "program": "not an object"}',
    );
    await run(["build"]);
    expect(state.previousLocks[2]).toBeUndefined();
  });

  it("removes stale files from the output", async () => {
    await run(["build"]);
    mkdirSync(join(gen(), "old/dir"), { recursive: true });
    writeFileSync(join(gen(), "old/dir/stale.ts"), "x");
    const r = await run(["build"]);
    expect(r.err).toBe(
      `intentc: built generated/: 0 written, ${FILES} unchanged, 1 removed (T ms)\n`,
    );
    expect(existsSync(join(gen(), "old"))).toBe(false);
  });
});

describe("intentc build --check", () => {
  it("exits 0 on a matching tree and 1 listing every drifted, missing and extra file, writing nothing", async () => {
    await run(["build"]);
    const clean = await run(["build", "--check"]);
    expect(clean).toEqual({
      code: 0,
      out: "",
      err: `intentc: generated/ is up to date (${FILES} files checked) (T ms)\n`,
    });
    writeFileSync(join(gen(), "index.json"), "[]\n");
    rmSync(join(gen(), "domains/orders/entities.json"));
    writeFileSync(join(gen(), "domains/notes.md"), "mine\n");
    const before = manifest(gen());
    const r = await run(["build", "--check"]);
    expect(r.code).toBe(1);
    expect(r.out.split("\n").filter((l) => / error IC\d+ /.test(l))).toEqual([
      "generated/domains/notes.md:1:1 error IC5509 File 'generated/domains/notes.md' in the output is not produced by the intent.",
      "generated/domains/orders/entities.json:1:1 error IC5508 Generated file 'generated/domains/orders/entities.json' is missing.",
      "generated/index.json:1:1 error IC5507 Generated file 'generated/index.json' differs from what the intent produces.",
    ]);
    expect(r.err).toBe(
      "intentc: generated/ is out of date: 3 file(s) differ; run 'intentc build' (T ms)\n",
    );
    expect(manifest(gen())).toBe(before);
    expect(litter(root)).toEqual([]);
    const json = await run(["build", "--check", "--format", "json"]);
    expect(JSON.parse(json.out).diagnostics.map((d: { code: string }) => d.code)).toEqual([
      "IC5509",
      "IC5508",
      "IC5507",
    ]);
  });

  it("reports every file missing when there is no output yet", async () => {
    const r = await run(["build", "--check", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).diagnostics).toHaveLength(FILES);
    expect(existsSync(gen())).toBe(false);
  });
});

describe("intentc build refuses unsafe output", () => {
  it("reports IC5501 for a symlinked generated/ and writes nothing through it (F01)", async () => {
    const outside = tempRoot("intentc-outside-");
    try {
      symlinkSync(outside, gen());
      const r = await run(["build"]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /^generated:1:1 error IC5501 Output path 'generated' is a symbolic link/,
      );
      expect(manifest(outside)).toBe("");
      expect(litter(root)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("reports IC5502 for an intent dir, or an unconfirmed output dir, outside the project", async () => {
    const out = await run(["build", "--out", "../elsewhere"]);
    expect([out.code, out.out.split("\n")[0]]).toEqual([
      1,
      "../elsewhere:1:1 error IC5502 Path '../elsewhere' resolves outside the project root '" +
        root +
        "'.",
    ]);
    const dir = await run(["build", "--dir", "../intent"]);
    expect(dir.code).toBe(1);
    expect(dir.out).toMatch(/^\.\.\/intent:1:1 error IC5502 /);
    // The intent dir is taken with --dir only: a positional is a usage error.
    expect((await run(["build", "intent"])).code).toBe(2);
  });

  it("writes outside the project only when --allow-outside confirms --out", async () => {
    const outside = tempRoot("intentc-outside-");
    try {
      const r = await run(["build", "--out", join(outside, "gen"), "--allow-outside"]);
      expect([r.code, r.err]).toEqual([
        0,
        `intentc: built gen/: ${FILES} written, 0 unchanged, 0 removed (T ms)\n`,
      ]);
      expect(JSON.parse(readFileSync(join(outside, "gen/index.json"), "utf8"))).toHaveLength(4);
      expect(existsSync(gen())).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("never replaces the intent dir (IC5511) or a directory intentc did not create (IC5510)", async () => {
    const intentBefore = manifest(join(root, "intent"));
    const same = await run(["build", "--out", "intent"]);
    expect([same.code, same.out.split("\n")[0]]).toEqual([
      1,
      "intent:1:1 error IC5511 Output directory 'intent' would replace the intent directory 'intent'.",
    ]);
    mkdirSync(join(root, "app"));
    renameSync(join(root, "intent"), join(root, "app/intent"));
    const parent = await run(["build", "--dir", "app/intent", "--out", "app"]);
    expect(parent.out.split("\n")[0]).toBe(
      "app:1:1 error IC5511 Output directory 'app' would replace the intent directory 'app/intent'.",
    );
    expect(manifest(join(root, "app/intent"))).toBe(intentBefore);
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src/main.ts"), "hand written\n");
    const src = await run(["build", "--dir", "app/intent", "--out", "src"]);
    expect([src.code, src.out.split("\n")[0]]).toEqual([
      1,
      "src:1:1 error IC5510 Output directory 'src' already holds files but no intent.lock.json, so intentc did not create it; refusing to replace it.",
    ]);
    expect(readFileSync(join(root, "src/main.ts"), "utf8")).toBe("hand written\n");
    expect(litter(root)).toEqual([]);
  });

  it("serializes two concurrent builds through the lock", async () => {
    const [a, b] = await Promise.all([run(["build"]), run(["build"])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.err, b.err].sort()).toEqual([
      `intentc: built generated/: 0 written, ${FILES} unchanged, 0 removed (T ms)\n`,
      `intentc: built generated/: ${FILES} written, 0 unchanged, 0 removed (T ms)\n`,
    ]);
    expect(litter(root)).toEqual([]);
  });

  it("leaves generated/ untouched when the intent has errors", async () => {
    await run(["build"]);
    const before = manifest(gen());
    writeFileSync(join(root, "intent/orders.intent.yaml"), "intent: 1\ndomain: [unclosed\n");
    const r = await run(["build"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^intent\/orders\.intent\.yaml:\d+:\d+ error IC1\d{3} /);
    expect(r.err).toBe("intentc: build failed; generated/ was not changed (T ms)\n");
    expect(manifest(gen())).toBe(before);
    expect(litter(root)).toEqual([]);
  });

  it("fails with IC5505 while another build holds the lock", async () => {
    const [target] = resolveOutputTarget(root, "generated");
    const [lock] = await acquireBuildLock(target!);
    try {
      const r = await run(["build", "--lock-timeout", "100"]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        `error IC5505 Another build holds the lock '.intentc-generated.lock' (pid ${process.pid}).`,
      );
      expect(existsSync(gen())).toBe(false);
    } finally {
      lock!.release();
    }
  });

  it("restores generated/ left half-swapped by a killed build before building", async () => {
    await run(["build"]);
    const before = manifest(gen());
    renameSync(gen(), join(root, ".intentc-old-generated-0123456789ab"));
    mkdirSync(join(root, ".intentc-tmp-generated-0123456789ab"));
    const r = await run(["build"]);
    expect(r.err).toBe(
      "intentc: restored generated/ from an interrupted build.\n" +
        `intentc: built generated/: 0 written, ${FILES} unchanged, 0 removed (T ms)\n`,
    );
    expect(manifest(gen())).toBe(before);
    expect(litter(root)).toEqual([]);
  });
});
