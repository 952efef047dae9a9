/** The queue on BullMQ against a real redis-server on a loopback port: same semantics, plus a Redis restart. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTools } from "../system-tools.js";
import { cli, exited, git, makeFleet, refs, spawnCli, status, until } from "./helpers.js";
import { freePort, startRedis, type Redis } from "./redis-server.js";
import { queueSemantics } from "./semantics.js";

describeWithTools(["bwrap", "redis"], "slice queue on BullMQ/Redis", () => {
  let redis: Redis;
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "intentc-redis-"));
    redis = await startRedis(dir);
  });
  afterAll(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  // Each test its own key prefix: one server, independent queues.
  queueSemantics(async () => ({
    REDIS_URL: redis.url,
    INTENTC_QUEUE_PREFIX: `t${process.pid}-${++n}`,
  }));

  it("says so, and exits 1, when Redis cannot be reached", async () => {
    const f = makeFleet();
    process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
    try {
      const r = await cli(f.repo, "queue", "status");
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(
          `^cannot reach Redis at ${process.env.REDIS_URL} \\(REDIS_URL\\): connect ECONNREFUSED`,
        ),
      );
    } finally {
      delete process.env.REDIS_URL;
      rmSync(f.root, { recursive: true, force: true });
      rmSync(f.repo, { recursive: true, force: true });
    }
  });

  it("loses and duplicates nothing when Redis restarts mid-run", async () => {
    const f = makeFleet();
    const env = {
      REDIS_URL: redis.url,
      INTENTC_QUEUE_PREFIX: `restart-${process.pid}`,
      INTENTC_QUEUE_LOCK_MS: "5000",
    };
    Object.assign(process.env, env);
    try {
      for (const t of ["2", "2", "2"])
        await cli(f.repo, "queue", "add", "feature", "--task", t, "--", "sh", "agents/slow.sh");
      const w = spawnCli(f.repo, ["worker", "--drain"], env);
      await until(async () => (await status(f.repo)).entries.some((e) => e.state === "running"));
      await redis.restart();
      expect(await exited(w), w.output()).toBe(0);
      const entries = (await status(f.repo)).entries;
      expect(entries.map((e) => e.state)).toEqual([
        "awaiting review",
        "awaiting review",
        "awaiting review",
      ]);
      const runs = new Set(entries.map((e) => `refs/intentc/runs/${e.outcome.runId}`));
      expect(runs.size).toBe(3);
      expect(new Set(refs(f.remote, "refs/intentc/runs"))).toEqual(runs);
      for (const e of entries)
        expect(git(f.remote, "rev-parse", `refs/intentc/jobs/${e.id}`)).toBe(
          git(f.remote, "rev-parse", `refs/intentc/runs/${e.outcome.runId}`),
        );
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      rmSync(f.root, { recursive: true, force: true });
      rmSync(f.repo, { recursive: true, force: true });
    }
  });
});
