/** Reviewer identities from configuration, escaping, and job ids: pure checks, no server. */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csrfOk, identify, loadIdentities, Sessions } from "../../compiler/review/auth.js";
import { esc } from "../../compiler/review/html.js";
import { agentWithTask, jobIdFor } from "../../compiler/cli/queue.js";

const dir = mkdtempSync(join(tmpdir(), "intentc-auth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = (v: unknown) => {
  const p = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, typeof v === "string" ? v : JSON.stringify(v));
  return p;
};

describe("review identities", () => {
  it("reads tokens and token hashes, and marks agents", () => {
    const bobToken = "bob-token-0123456789abcdef";
    const ids = loadIdentities(
      config({
        reviewers: [
          { name: "alice", token: "alice-token-0123456789abcdef" },
          { name: "bob", tokenSha256: createHash("sha256").update(bobToken).digest("hex") },
          { name: "ci-bot", token: "ci-bot-token-0123456789abcdef", agent: true },
        ],
      }),
    );
    if (typeof ids === "string") throw new Error(ids);
    expect(identify(ids, "alice-token-0123456789abcdef")?.name).toBe("alice");
    expect(identify(ids, bobToken)?.name).toBe("bob");
    expect(identify(ids, "ci-bot-token-0123456789abcdef")).toMatchObject({
      name: "ci-bot",
      agent: true,
    });
    expect(identify(ids, "alice-token-0123456789abcdeF")).toBeUndefined();
    expect(identify(ids, "")).toBeUndefined();
  });

  it("refuses a config it cannot trust, saying why", () => {
    expect(loadIdentities(join(dir, "missing.json"))).toMatch(/cannot read reviewer config/);
    expect(loadIdentities(config("{"))).toMatch(/cannot read reviewer config/);
    expect(loadIdentities(config({ reviewers: [] }))).toMatch(/expected \{"reviewers"/);
    expect(
      loadIdentities(config({ reviewers: [{ name: "a\nb", token: "x".repeat(20) }] })),
    ).toMatch(/name must match/);
    expect(loadIdentities(config({ reviewers: [{ name: "alice", token: "short" }] }))).toMatch(
      /shorter than 16/,
    );
    expect(loadIdentities(config({ reviewers: [{ name: "alice" }] }))).toMatch(
      /needs a token or tokenSha256/,
    );
    expect(
      loadIdentities(
        config({ reviewers: [{ name: "alice", token: "x".repeat(20), agent: "yes" }] }),
      ),
    ).toMatch(/agent must be true or false/);
  });

  it("gives each session its own CSRF token", () => {
    const s = new Sessions();
    const a = s.create("alice");
    const b = s.create("bob");
    expect(a.csrf).not.toBe(b.csrf);
    expect(csrfOk(a, a.csrf)).toBe(true);
    expect(csrfOk(a, b.csrf)).toBe(false);
    expect(csrfOk(a, undefined)).toBe(false);
    expect(s.get(a.id)?.name).toBe("alice");
    s.drop(a.id);
    expect(s.get(a.id)).toBeUndefined();
  });
});

describe("queue helpers", () => {
  it("escapes every character that could open markup or leave a quoted attribute (through the HTML sink escaper)", () => {
    expect(esc(`<img src=x onerror="a('1')">\`&`)).toBe(
      "&#60;img src=x onerror=&#34;a(&#39;1&#39;)&#34;&#62;`&#38;",
    );
  });

  it("derives one job id per idempotency key, and a fresh one without", () => {
    expect(jobIdFor("ticket-7")).toBe(jobIdFor("ticket-7"));
    expect(jobIdFor("ticket-7")).not.toBe(jobIdFor("ticket-8"));
    expect(jobIdFor(undefined)).not.toBe(jobIdFor(undefined));
    expect(jobIdFor(undefined)).toMatch(/^job-\d{8}T\d{6}-[0-9a-f]{8}$/);
  });

  it("gives the agent its task in place of {task}, else as the last argument", () => {
    expect(agentWithTask(["agent", "-p", "{task}", "--x"], "do it")).toEqual([
      "agent",
      "-p",
      "do it",
      "--x",
    ]);
    expect(agentWithTask(["agent"], "do it")).toEqual(["agent", "do it"]);
    expect(agentWithTask(["agent", "{task}"], undefined)).toEqual(["agent", "{task}"]);
  });
});
