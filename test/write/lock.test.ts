import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { acquireBuildLock, lockPath } from "../../compiler/write/lock.js";
import { resolveOutputTarget, type OutputTarget } from "../../compiler/write/paths.js";
import { tempRoot } from "./helpers.js";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function setup(): OutputTarget {
  const root = tempRoot("intentc-lock-");
  roots.push(root);
  return resolveOutputTarget(root, "generated")[0]!;
}

function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

describe("build lock", () => {
  it("is exclusive: a second build waits, then fails with IC5505 naming the holder", async () => {
    const target = setup();
    const [first, d1] = await acquireBuildLock(target);
    expect(d1).toEqual([]);
    expect(JSON.parse(readFileSync(lockPath(target), "utf8"))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    const [second, d2] = await acquireBuildLock(target, { timeoutMs: 150 });
    expect(second).toBeUndefined();
    expect(d2.map((d) => [d.code, d.message])).toEqual([
      ["IC5505", `Another build holds the lock '.intentc-generated.lock' (pid ${process.pid}).`],
    ]);
    first!.release();
    expect(existsSync(lockPath(target))).toBe(false);
    const [third] = await acquireBuildLock(target, { timeoutMs: 0 });
    expect(third).toBeDefined();
    third!.release();
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const target = setup();
    writeFileSync(
      lockPath(target),
      JSON.stringify({ pid: deadPid(), host: hostname(), token: "old" }),
    );
    const [lock, diags] = await acquireBuildLock(target, { timeoutMs: 0 });
    expect(diags).toEqual([]);
    expect(JSON.parse(readFileSync(lockPath(target), "utf8")).pid).toBe(process.pid);
    lock!.release();
  });

  it("waits for a running build and gets the lock once it is released", async () => {
    const target = setup();
    const [first] = await acquireBuildLock(target);
    setTimeout(() => first!.release(), 100);
    const [second, diags] = await acquireBuildLock(target, { timeoutMs: 5000 });
    expect(diags).toEqual([]);
    second!.release();
  });

  it("does not remove a lock that another build has taken over", async () => {
    const target = setup();
    const [lock] = await acquireBuildLock(target);
    writeFileSync(
      lockPath(target),
      JSON.stringify({ pid: process.pid, host: hostname(), token: "someone-else" }),
    );
    lock!.release();
    expect(existsSync(lockPath(target))).toBe(true);
  });

  it("refuses a symlinked lock path with IC5501", async () => {
    const target = setup();
    symlinkSync("/tmp/elsewhere", lockPath(target));
    const [lock, diags] = await acquireBuildLock(target, { timeoutMs: 0 });
    expect(lock).toBeUndefined();
    expect(diags.map((d) => d.code + " " + d.file)).toEqual(["IC5501 .intentc-generated.lock"]);
  });
});
