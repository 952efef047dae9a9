/**
 * The review app in a real browser (Chromium, headless): sign in, open a run, approve, promote;
 * reject with a reason; an agent's token refused; nobody approves their own run; XSS in the agent's
 * notes and file names stays inert; a forged cross-site POST refused. Screenshots go to
 * test-artifacts/review/.
 */
import { createServer, type Server } from "node:http";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_PATH, describeWithTools } from "../system-tools.js";
import { REPO } from "../driver/dist.js";
import { cli, exited, git, makeFleet, spawnCli, status, until, type Fleet } from "./helpers.js";

const SHOTS = join(REPO, "test-artifacts", "review");
const TOKENS = {
  alice: "alice-token-0123456789abcdef",
  carol: "carol-token-0123456789abcdef",
  bot: "bot-7-token-0123456789abcdef",
};

describeWithTools(["bwrap", "chromium"], "review app in Chromium", () => {
  let f: Fleet;
  let app: ReturnType<typeof spawnCli>;
  let url: string;
  let browser: Browser;
  let evil: Server;
  const runOf: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    f = makeFleet();
    process.env.REDIS_URL = "";
    const jobs: Array<[string, string, string[]]> = [
      ["approve", "bot-7", ["--task", "approve me", "--", "sh", "agents/task.sh"]],
      ["xss", "bot-7", ["--", "sh", "agents/xss.sh"]],
      ["reject", "bot-7", ["--task", "reject me", "--", "sh", "agents/task.sh"]],
      ["own", "carol", ["--task", "carol's own", "--", "sh", "agents/task.sh"]],
    ];
    for (const [, agent, args] of jobs)
      expect(
        (await cli(f.repo, "queue", "add", "feature", "--agent-name", agent, ...args)).code,
      ).toBe(0);
    const w = spawnCli(f.repo, ["worker", "--drain"], { REDIS_URL: "" });
    expect(await exited(w), w.output()).toBe(0);
    const entries = (await status(f.repo)).entries;
    jobs.forEach(([name], i) => (runOf[name] = entries[i].outcome.runId));
    const config = join(f.clone, ".intentc", "reviewers.json");
    writeFileSync(
      config,
      JSON.stringify({
        reviewers: [
          { name: "alice", token: TOKENS.alice },
          { name: "carol", token: TOKENS.carol },
          { name: "bot-7", token: TOKENS.bot, agent: true },
        ],
      }),
    );
    app = spawnCli(f.clone, ["review", "--serve", "--port", "0", "--config", config], {
      REDIS_URL: "",
    });
    url = await until(() => /review app: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(app.output())?.[1]);
    // A hostile site: a page that posts a form to the review app as soon as it loads.
    evil = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(
        `<form id="f" method="post" action="${url}runs/${runOf.own}/approve"><input name="csrf" value="guess"></form><script>document.getElementById("f").submit()</script>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", () => r()));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ["--no-sandbox"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    evil?.close();
    app?.kill("SIGTERM");
    if (app) await exited(app);
    delete process.env.REDIS_URL;
    rmSync(f.root, { recursive: true, force: true });
    rmSync(f.repo, { recursive: true, force: true });
  });

  const signIn = async (page: Page, token: string) => {
    await page.goto(url);
    await page.fill("input[name=token]", token);
    await page.click("#signin");
  };
  const remoteJson = (runId: string, file: string) => {
    try {
      return JSON.parse(git(f.remote, "show", `refs/intentc/runs/${runId}:${file}`));
    } catch {
      return undefined;
    }
  };

  it("refuses an agent's token", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    expect(page.url()).toBe(`${url}login`);
    await page.screenshot({ path: join(SHOTS, "01-sign-in.png") });
    await signIn(page, TOKENS.bot);
    expect(await page.textContent("#error")).toContain("'bot-7' is an agent identity");
    await page.screenshot({ path: join(SHOTS, "02-agent-refused.png") });
    await page.goto(url);
    expect(page.url()).toBe(`${url}login`);
    await page.close();
  });

  it("lists runs awaiting review newest first and renders the agent's HTML inert", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, TOKENS.alice);
    const ids = await page.locator("#waiting a.run").allTextContents();
    expect(new Set(ids)).toEqual(new Set(Object.values(runOf)));
    const stamps = ids.map((id) => /-(\d{8}T\d{6})-/.exec(id)?.[1] ?? "");
    expect(stamps).toEqual([...stamps].sort().reverse());
    await page.screenshot({ path: join(SHOTS, "03-awaiting-review.png"), fullPage: true });
    const res = await page.goto(`${url}runs/${runOf.xss}`);
    expect(res?.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(await page.locator("#notes pre").first().textContent()).toContain(
      '<script>alert("notes")</script><img src=x onerror=alert(2)></pre><b id="pwned">bold</b>',
    );
    expect(await page.locator("code.path").allTextContents()).toContain(
      "src/feature/x' onmouseover='alert(1)' &#60;img src=x&#62;.txt",
    );
    expect(await page.locator("#pwned, script, img").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "04-xss-inert.png"), fullPage: true });
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("approves, then promotes once the tier's approvals are met", async () => {
    const page = await browser.newPage();
    await signIn(page, TOKENS.alice);
    await page.goto(`${url}runs/${runOf.approve}`);
    expect(await page.locator("#promote").count()).toBe(0);
    await page.click("#approve");
    expect(await page.textContent("#message")).toBe("Approved.");
    expect(await page.textContent("#review")).toContain("1 of 1 approval(s): alice");
    expect(remoteJson(runOf.approve, "approvals.json").map((a: { by: string }) => a.by)).toEqual([
      "alice",
    ]);
    await page.click("#promote");
    const branch = `intentc/feature/${runOf.approve}`;
    expect(await page.textContent("#branch")).toBe(branch);
    expect(git(f.remote, "show", `${branch}:src/feature/task.txt`)).toBe("approve me\n");
    await page.screenshot({ path: join(SHOTS, "05-promoted.png"), fullPage: true });
    // The queue that made the run sees it promoted (its status reads the run's ref).
    expect((await status(f.repo)).entries[0].state).toBe("promoted");
    await page.close();
  });

  it("rejects with a reason, shown as text", async () => {
    const page = await browser.newPage();
    await signIn(page, TOKENS.alice);
    await page.goto(`${url}runs/${runOf.reject}`);
    await page.fill("#reason", "<b>no</b> test covers the empty counter");
    await page.click("#reject");
    expect(await page.textContent("#rejection")).toBe("<b>no</b> test covers the empty counter");
    expect(await page.locator("#approve, #promote").count()).toBe(0);
    expect(remoteJson(runOf.reject, "rejected.json")).toMatchObject({
      by: "alice",
      reason: "<b>no</b> test covers the empty counter",
    });
    await page.screenshot({ path: join(SHOTS, "06-rejected.png"), fullPage: true });
    await page.close();
  });

  it("lets nobody approve their own run, and refuses forged POSTs", async () => {
    const carol = await browser.newContext();
    const page = await carol.newPage();
    await signIn(page, TOKENS.carol);
    await page.goto(`${url}runs/${runOf.own}`);
    expect(await page.locator("#approve").count()).toBe(0);
    expect(await page.textContent("#actions")).toContain("This is your own run");
    // Posting the approval anyway (with her valid CSRF token) is refused by the server.
    const csrf = await page.locator("header input[name=csrf]").getAttribute("value");
    const forced = await carol.request.post(`${url}runs/${runOf.own}/approve`, {
      form: { csrf: csrf ?? "" },
      maxRedirects: 0,
    });
    expect(forced.status()).toBe(409);
    expect(await forced.text()).toContain("an agent can never approve its own change");
    await carol.close();

    const alice = await browser.newContext();
    const a = await alice.newPage();
    await signIn(a, TOKENS.alice);
    // Same cookie, no CSRF token.
    const noToken = await alice.request.post(`${url}runs/${runOf.own}/approve`, {
      form: { csrf: "guess" },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    // A hostile page that auto-submits a form to the app.
    const evilUrl = `http://127.0.0.1:${(evil.address() as { port: number }).port}/`;
    const landed = a.waitForResponse((r) => r.url().startsWith(`${url}runs/`));
    await a.goto(evilUrl);
    const res = await landed;
    expect([401, 403]).toContain(res.status());
    await a.waitForLoadState();
    await a.screenshot({ path: join(SHOTS, "07-forged-post-refused.png"), fullPage: true });
    expect(remoteJson(runOf.own, "approvals.json") ?? []).toEqual([]);
    await alice.close();
  });
});
