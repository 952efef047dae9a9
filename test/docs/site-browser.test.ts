/** The docs site in headless Chromium: pages load cleanly, diagrams render, search works, XSS does not run. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { CHROMIUM_PATH, describeWithTools } from "../system-tools.js";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { compileMemory } from "../helpers.js";
import { renderSite } from "../../compiler/emit/docs-site.js";
import { changelogHistory } from "../../compiler/diff/changelog.js";
import { startDocsServer, type DocsServer } from "../../compiler/diff/serve.js";

const XSS_DESCRIPTION = "'<img src=x onerror=alert(1)> <script>alert(3)</script> see [click me](javascript:alert(2)) or [docs](https://example.com/x)'";

function hostileExample(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync("intent").sort()) {
    if (!name.endsWith(".intent.yaml")) continue;
    let text = readFileSync(`intent/${name}`, "utf8");
    if (name === "orders.intent.yaml") text = text.replace("description: A customer order", `description: ${XSS_DESCRIPTION}`);
    files[`intent/${name}`] = text;
  }
  return files;
}

describeWithTools(["chromium"], "docs site in headless Chromium", () => {
  let browser: Browser;
  let server: DocsServer;
  let files: Map<string, string>;

  beforeAll(async () => {
    const r = compileMemory(hostileExample());
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    files = renderSite(r.program!, changelogHistory(r.program!, undefined));
    server = await startDocsServer({ files }, 0);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("every page loads without console errors; machine diagrams are SVG; XSS runs nothing", async () => {
    const pages = [...files.keys()].filter((p) => p.endsWith(".html")).sort();
    expect(pages).toEqual(expect.arrayContaining(["index.html", "domain-orders.html", "invariants.html", "slices.html", "changelog.html"]));
    mkdirSync("test-artifacts", { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const externalRequests: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (!url.startsWith(server.url)) {
        externalRequests.push(url);
        return route.abort();
      }
      return route.continue();
    });
    for (const path of pages) {
      const page = await context.newPage();
      const errors: string[] = [];
      const dialogs: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      await page.waitForSelector("body[data-diagrams]", { timeout: 20_000 });
      expect(await page.getAttribute("body", "data-diagrams"), path).toBe("done");
      const machines = await page.$$eval("pre[data-diagram=machine]", (els) => els.map((e) => e.querySelector(":scope > svg") !== null));
      expect(machines.every(Boolean), `${path}: every machine diagram is an <svg>`).toBe(true);
      if (path.startsWith("domain-")) expect(machines.length, path).toBeGreaterThan(0);
      if (path === "domain-orders.html") {
        expect(await page.$$("img[src=x]")).toHaveLength(0);
        expect(await page.$$("main script")).toHaveLength(0);
        const text = await page.textContent("main");
        expect(text).toContain("<img src=x onerror=alert(1)>");
        const bad = await page.getAttribute("a:text('click me')", "href");
        expect(bad).toBe("#");
        expect(await page.getAttribute("a:text('docs')", "href")).toBe("https://example.com/x");
        await page.click("a:text('click me')");
        await page.screenshot({ path: "test-artifacts/docs-domain-orders.png", fullPage: true });
      }
      if (path === "index.html") {
        await page.fill("#search", "ORD-1");
        await page.waitForSelector("#search-results li a");
        const hits = await page.$$eval("#search-results li a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
        expect(hits.some(([t, h]) => t?.includes("ORD-1") && h === "domain-orders.html#inv-ORD-1")).toBe(true);
        await page.screenshot({ path: "test-artifacts/docs-index.png", fullPage: true });
      }
      await page.waitForTimeout(50);
      expect(errors, `${path}: console errors`).toEqual([]);
      expect(dialogs, `${path}: dialogs`).toEqual([]);
      await page.close();
    }
    expect(externalRequests).toEqual([]);
    await context.close();
  }, 120_000);
});
