/**
 * Hostile suite, issue 18 class 5: entries that are not regular files. FIFOs, sockets, links to
 * devices, links out of the intent directory or out of the project, dangling links, links inside
 * the intent directory, and an `intent/` that is itself a link out of the project. Such files
 * cannot be committed as fixtures, so each case builds its project at run time. Every case runs
 * the real CLI (`intentc build --format json`, in-process): exit 1, exactly the expected
 * diagnostics (one per entry, stable codes IC1050–IC1053), nothing written anywhere (an lstat
 * manifest of the project and of the "outside" dir is unchanged) and — for the FIFO cases — no
 * hang: the FIFO is never opened (a read would block this very process forever).
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createNodeHost, readRegularFile, scanIntentDir } from "../../compiler/host.js";
import { runCli } from "../helpers.js";

const GOLDEN = join(process.cwd(), "test/fixtures/golden/accounts/intent");

/** lstat manifest of a tree: path → kind + content hash / link target. Never follows links or opens FIFOs. */
function manifest(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[r] = `link ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[r] = "dir";
        walk(p, r);
      } else if (st.isFile())
        out[r] = `file ${createHash("sha256").update(readFileSync(p)).digest("hex")}`;
      else out[r] = `special ${st.mode.toString(8)}`;
    }
  };
  walk(root, "");
  return out;
}

const mkfifo = (path: string) => execFileSync("mkfifo", [path]);

/** A unix socket file left behind by a closed server. */
async function mksocket(path: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  // Closing a listening unix socket unlinks it in Node; keep the inode by a hard link first.
  const keep = `${path}.keep`;
  execFileSync("ln", [path, keep]);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  execFileSync("mv", [keep, path]);
}

interface Case {
  readonly says: string;
  /** Plant the hostile entries; `root` holds a valid `intent/`, `outside` is a sibling dir. */
  readonly setup: (root: string, outside: string) => void | Promise<void>;
  readonly argv?: readonly string[];
  /** Expected errors: code and file (line 1, column 1), in order. */
  readonly expected: readonly (readonly [string, string])[];
  /** A fragment each message must hold, in order. */
  readonly says_what?: readonly RegExp[];
}

const CASES: Record<string, Case> = {
  "files-fifo": {
    says: "a FIFO named like an intent file",
    setup: (root) => mkfifo(join(root, "intent/pipe.intent.yaml")),
    expected: [["IC1051", "intent/pipe.intent.yaml"]],
    says_what: [/is a FIFO \(named pipe\), not a regular file/],
  },
  "files-fifo-nested": {
    says: "a FIFO in a subdirectory, next to a regular intent file there",
    setup: (root) => {
      mkdirSync(join(root, "intent/sub"));
      mkfifo(join(root, "intent/sub/a.intent.yaml"));
    },
    expected: [["IC1051", "intent/sub/a.intent.yaml"]],
  },
  "files-socket": {
    says: "a unix socket named like an intent file",
    setup: (root) => mksocket(join(root, "intent/s.intent.yaml")),
    expected: [["IC1051", "intent/s.intent.yaml"]],
    says_what: [/is a socket/],
  },
  "files-link-dev-zero": {
    says: "a link to /dev/zero (endless data)",
    setup: (root) => symlinkSync("/dev/zero", join(root, "intent/zero.intent.yaml")),
    expected: [["IC1052", "intent/zero.intent.yaml"]],
    says_what: [
      /a symbolic link to a character device \('\/dev\/zero'\) that leads outside the intent directory/,
    ],
  },
  "files-link-fifo-outside": {
    says: "a link to a FIFO outside the project",
    setup: (root, outside) => {
      mkfifo(join(outside, "pipe"));
      symlinkSync(join(outside, "pipe"), join(root, "intent/pipe.intent.yaml"));
    },
    expected: [["IC1052", "intent/pipe.intent.yaml"]],
    says_what: [/a symbolic link to a FIFO/],
  },
  "files-link-file-outside": {
    says: "a link to an intent file outside the project (absolute target)",
    setup: (root, outside) => {
      writeFileSync(
        join(outside, "secret.intent.yaml"),
        "intent: 1\ndomain: secret\nversion: 1.0.0\n",
      );
      symlinkSync(join(outside, "secret.intent.yaml"), join(root, "intent/secret.intent.yaml"));
    },
    expected: [["IC1052", "intent/secret.intent.yaml"]],
  },
  "files-link-relative-parent": {
    says: "a relative link out of the intent directory into the project",
    setup: (root) => {
      writeFileSync(join(root, "other.intent.yaml"), "intent: 1\ndomain: other\nversion: 1.0.0\n");
      symlinkSync("../other.intent.yaml", join(root, "intent/other.intent.yaml"));
    },
    expected: [["IC1052", "intent/other.intent.yaml"]],
  },
  "files-link-dir-outside": {
    says: "a symlinked directory out of the project, whatever its name",
    setup: (root, outside) => {
      writeFileSync(join(outside, "x.intent.yaml"), "intent: 1\ndomain: x\nversion: 1.0.0\n");
      symlinkSync(outside, join(root, "intent/vendor"));
    },
    expected: [["IC1052", "intent/vendor"]],
    says_what: [/a symbolic link to a directory/],
  },
  "files-link-dangling": {
    says: "a dangling link",
    setup: (root) => symlinkSync("missing.intent.yaml", join(root, "intent/gone.intent.yaml")),
    expected: [["IC1052", "intent/gone.intent.yaml"]],
    says_what: [/that leads nowhere/],
  },
  "files-link-inside": {
    says: "a link inside the intent directory to another intent file (refused: it would compile the target twice)",
    setup: (root) => symlinkSync("accounts.intent.yaml", join(root, "intent/again.intent.yaml")),
    expected: [["IC1053", "intent/again.intent.yaml"]],
    says_what: [/inside the intent directory; links are not followed/],
  },
  "files-link-dir-inside": {
    says: "a symlinked directory inside the intent directory",
    setup: (root) => {
      mkdirSync(join(root, "intent/real"));
      symlinkSync("real", join(root, "intent/alias"));
    },
    expected: [["IC1053", "intent/alias"]],
  },
  "files-intent-dir-outside": {
    says: "intent/ itself is a link to a directory outside the project (holding a FIFO and a broken file)",
    setup: (root, outside) => {
      rmSync(join(root, "intent"), { recursive: true });
      mkdirSync(join(outside, "intent"));
      cpSync(GOLDEN, join(outside, "intent"), { recursive: true });
      writeFileSync(join(outside, "intent/broken.intent.yaml"), "intent: [\n");
      mkfifo(join(outside, "intent/pipe.intent.yaml"));
      symlinkSync(join(outside, "intent"), join(root, "intent"));
    },
    expected: [["IC1050", "intent"]],
    says_what: [/The intent directory 'intent' leads outside the project/],
  },
  "files-dir-arg-through-link": {
    says: "--dir names a path below a link that leaves the project",
    setup: (root, outside) => {
      mkdirSync(join(outside, "specs"));
      cpSync(GOLDEN, join(outside, "specs"), { recursive: true });
      symlinkSync(outside, join(root, "elsewhere"));
    },
    argv: ["build", "--dir", "elsewhere/specs"],
    expected: [["IC1050", "elsewhere/specs"]],
  },
  "files-several": {
    says: "every kind at once: one diagnostic per entry, sorted by path",
    setup: (root, outside) => {
      mkfifo(join(root, "intent/b-pipe.intent.yaml"));
      symlinkSync("/dev/null", join(root, "intent/a-null.intent.yaml"));
      symlinkSync(outside, join(root, "intent/c-out"));
      symlinkSync("accounts.intent.yaml", join(root, "intent/d-again.intent.yaml"));
    },
    expected: [
      ["IC1052", "intent/a-null.intent.yaml"],
      ["IC1051", "intent/b-pipe.intent.yaml"],
      ["IC1052", "intent/c-out"],
      ["IC1053", "intent/d-again.intent.yaml"],
    ],
  },
};

const results: { id: string; ok: boolean }[] = [];
const bases: string[] = [];

async function project(c: Case): Promise<{ base: string; root: string; outside: string }> {
  const base = mkdtempSync(join(tmpdir(), "intentc-files-"));
  bases.push(base);
  const root = join(base, "project");
  const outside = join(base, "outside");
  mkdirSync(root);
  mkdirSync(outside);
  cpSync(GOLDEN, join(root, "intent"), { recursive: true });
  await c.setup(root, outside);
  return { base, root, outside };
}

describe("hostile file-system entries (class 5)", () => {
  afterAll(() => {
    for (const b of bases) rmSync(b, { recursive: true, force: true });
    const failed = results.filter((r) => !r.ok).map((r) => r.id);
    console.log(
      `hostile files: ${results.length - failed.length} passed, ${failed.length} failed${failed.length ? ` (${failed.join(", ")})` : ""}`,
    );
  });

  it.each(Object.keys(CASES))("%s", async (id) => {
    results.push({ id, ok: false });
    const c = CASES[id];
    const { base, root } = await project(c);
    const before = manifest(base);
    const r = await runCli([...(c.argv ?? ["build"]), "--format", "json"], root);
    const shown = `${c.says}\nexit ${r.code}\n${r.out.slice(0, 2000)}\n${r.err.slice(0, 500)}`;
    expect(r.code, shown).toBe(1);
    const report = JSON.parse(r.out) as {
      diagnostics: {
        code: string;
        file: string;
        line: number;
        column: number;
        severity: string;
        message: string;
      }[];
    };
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    expect(
      errors.map((d) => [d.code, d.file]),
      shown,
    ).toEqual(c.expected);
    for (const d of errors) expect([d.line, d.column]).toEqual([1, 1]);
    (c.says_what ?? []).forEach((re, i) => expect(errors[i].message, shown).toMatch(re));
    expect(manifest(base), "nothing written, no temp litter").toEqual(before);
    results[results.length - 1] = { id, ok: true };
  });

  it("an intent/ that is a link to a directory inside the project is read (documented: only the real path must stay inside)", async () => {
    const c: Case = {
      says: "intent -> specs/intent",
      setup: (root) => {
        mkdirSync(join(root, "specs"));
        cpSync(join(root, "intent"), join(root, "specs/intent"), { recursive: true });
        rmSync(join(root, "intent"), { recursive: true });
        symlinkSync("specs/intent", join(root, "intent"));
      },
      expected: [],
    };
    const { root } = await project(c);
    const r = await runCli(["check", "--no-explore", "--format", "json"], root);
    expect(r.code, r.out + r.err).toBe(0);
    expect(scanIntentDir(root, "intent")).toEqual({
      files: ["intent/accounts.intent.yaml", "intent/system.intent.yaml"],
      skipped: [],
    });
  });

  it("the host never opens a FIFO or reads through a link, even when one replaces a listed file", async () => {
    const { root, outside } = await project({ says: "race", setup: () => {}, expected: [] });
    writeFileSync(join(outside, "secret"), "top secret\n");
    const host = createNodeHost(root);
    expect(host.listIntentFiles("intent")).toContain("intent/accounts.intent.yaml");
    // Swap the listed file for a FIFO: reading returns nothing instead of blocking.
    rmSync(join(root, "intent/accounts.intent.yaml"));
    mkfifo(join(root, "intent/accounts.intent.yaml"));
    expect(host.readFile("intent/accounts.intent.yaml")).toBeUndefined();
    expect(readRegularFile(join(root, "intent/accounts.intent.yaml"))).toBeUndefined();
    // Swap it for a link out of the project: not followed.
    rmSync(join(root, "intent/accounts.intent.yaml"));
    symlinkSync(join(outside, "secret"), join(root, "intent/accounts.intent.yaml"));
    expect(host.readFile("intent/accounts.intent.yaml")).toBeUndefined();
    // A regular file still reads.
    expect(host.readFile("intent/system.intent.yaml")).toContain("system:");
  });
});
