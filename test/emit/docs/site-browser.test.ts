/**
 * The docs site in headless Chromium, opened from file:// (written to a temp dir, no server):
 * pages load cleanly, every machine diagram is an inline <svg> with one node per state, each
 * flow's sequence diagram is shown and links to docs/sequences/, search finds an invariant by its
 * text and navigates to it, hostile text (XSS, bidi controls) is inert. `intentc docs --serve` serves the same site.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { CHROMIUM_PATH, describeWithTools } from "../../system-tools.js";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { compileMemory } from "../../helpers.js";
import { renderSite } from "../../../compiler/emit/docs-site.js";
import { flowSequenceEmitter } from "../../../compiler/emit/flow-sequence.js";
import { changelogHistory } from "../../../compiler/diff/changelog.js";
import { startDocsServer } from "../../../compiler/diff/serve.js";
import type { Program } from "../../../compiler/ir/types.js";

const XSS_DESCRIPTION =
  "'<img src=x onerror=alert(1)> <script>alert(3)</script> see [click me](javascript:alert(2)) or [docs](https://example.com/x)'";
/** Bidi override/isolate, zero-width and BOM characters, plus markup (YAML double-quoted escapes). */
const BIDI_DESCRIPTION =
  '"From cart \\u202Eenilno\\u202C to \\u2066ship\\u2069\\u200B\\uFEFF <svg onload=alert(4)>"';
const HOSTILE_GUARD = `"paid == 0 && event.reason != '</text><script>alert(5)</script>\\u202E'"`;
const BIDI_CHARS = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/;

function hostileExample(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync("intent").sort()) {
    if (!name.endsWith(".intent.yaml")) continue;
    let text = readFileSync(`intent/${name}`, "utf8");
    if (name === "orders.intent.yaml") {
      text = text
        .replace("description: A customer order", `description: ${XSS_DESCRIPTION}`)
        .replace(
          "description: From cart to shipment; payments may arrive in parts.",
          `description: ${BIDI_DESCRIPTION}`,
        )
        .replace('guard: "paid == 0"', `guard: ${HOSTILE_GUARD}`)
        .replace(
          "says: The paid amount never exceeds the order total",
          'says: "The paid amount never exceeds the order total \\u202Edlob\\u202C"',
        );
    }
    files[`intent/${name}`] = text;
  }
  return files;
}

interface Watched {
  readonly page: Page;
  readonly errors: string[];
  readonly dialogs: string[];
}

async function open(context: BrowserContext, url: string): Promise<Watched> {
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  return { page, errors, dialogs };
}

/** Type `query` into the search box and return the results as [text, href]. */
async function search(page: Page, query: string): Promise<[string, string][]> {
  await page.fill("#search", query);
  await page.waitForSelector("#search-results li a");
  return page.$$eval("#search-results li a", (as) =>
    as.map((a) => [a.textContent ?? "", a.getAttribute("href") ?? ""] as [string, string]),
  );
}

describeWithTools(["chromium"], "docs site in headless Chromium", () => {
  let browser: Browser;
  let files: Map<string, string>;
  let program: Program;
  let dir: string;
  let root: string;
  let sequences: Map<string, string>;

  beforeAll(async () => {
    const r = compileMemory(hostileExample());
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    program = r.program!;
    files = renderSite(program, changelogHistory(program, undefined));
    // Laid out as in generated/docs/: the site in site/, the flows' sequence diagrams in sequences/.
    root = mkdtempSync(join(tmpdir(), "intentc-site-"));
    dir = join(root, "site");
    sequences = flowSequenceEmitter.emit(program, { report: () => {}, options: {} });
    for (const [path, text] of [
      ...files,
      ...[...sequences].map(([p, t]) => [`../${p.slice("docs/".length)}`, t] as const),
    ]) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test("no emitted file carries a bidi or zero-width character; the site needs nothing outside itself", () => {
    for (const [path, text] of files) expect(BIDI_CHARS.test(text), path).toBe(false);
    const all = [...files.values()].join("\n");
    expect(all).not.toMatch(/mermaid|fetch\(/);
    expect(all).toContain("\\u202E"); // shown, not dropped
  });

  test("from file://: every page loads cleanly, machine diagrams are SVG with one node per state, hostile text is inert", async () => {
    const pages = [...files.keys()].filter((p) => p.endsWith(".html")).sort();
    expect(pages).toEqual(
      expect.arrayContaining([
        "index.html",
        "domain-orders.html",
        "invariants.html",
        "slices.html",
        "changelog.html",
      ]),
    );
    mkdirSync("test-artifacts", { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const external: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file://")) return route.continue();
      external.push(url);
      return route.abort();
    });
    for (const path of pages) {
      const { page, errors, dialogs } = await open(context, pathToFileURL(join(dir, path)).href);
      const domain = program.domains.find((d) => path === `domain-${d.name}.html`);
      const diagrams = await page.$$eval("figure[data-diagram=machine]", (figs) =>
        figs.map((f) => ({
          name: f.getAttribute("data-machine"),
          svg: f.querySelector(":scope > svg") !== null,
          states: f.querySelectorAll("svg g.node.state").length,
        })),
      );
      const expected = (domain?.machines ?? []).map((m) => ({
        name: m.name,
        svg: true,
        states: m.states.length,
      }));
      expect(diagrams, `${path}: one <svg> per machine, one node per state`).toEqual(expected);
      if (path === "index.html")
        expect(await page.$$("figure[data-diagram=dependencies] > svg")).toHaveLength(1);
      if (domain !== undefined && domain.flows.length > 0) {
        expect(await page.$$("figure[data-diagram=flow] > svg"), path).toHaveLength(
          domain.flows.length,
        );
        for (const f of domain.flows) {
          // The flow's sequence diagram is shown (laid out, on screen when scrolled to), and its
          // links lead to the standalone files in docs/sequences/.
          const seq = page.locator(`figure[data-diagram=sequence][data-flow=${f.name}] > svg`);
          await seq.scrollIntoViewIfNeeded();
          expect(await seq.isVisible(), `${path}: sequence of ${f.name} visible`).toBe(true);
          const box = (await seq.boundingBox())!;
          expect(box.width > 100 && box.height > 50, `${path}: ${f.name} diagram has a size`).toBe(
            true,
          );
          expect(await seq.getAttribute("aria-label")).toBe(
            `Sequence of flow ${domain.name}.${f.name}`,
          );
          expect(await seq.locator("g.lifeline").count()).toBeGreaterThan(1);
          expect(await seq.locator("g.message text").first().isVisible()).toBe(true);
          for (const ext of ["svg", "txt"]) {
            const href = await page.getAttribute(
              `figure[data-flow=${f.name}] figcaption a[href$='.${ext}']`,
              "href",
            );
            const file = new URL(href!, page.url());
            expect(readFileSync(file, "utf8"), `${path}: ${href}`).toBe(
              sequences.get(`docs/sequences/${domain.name}.${f.name}.${ext}`),
            );
          }
        }
      }
      const html = await page.content();
      expect(BIDI_CHARS.test(html), `${path}: no raw bidi characters in the DOM`).toBe(false);
      if (path === "domain-orders.html") {
        expect(await page.$$("img[src=x]")).toHaveLength(0);
        expect(await page.$$("script:not([src])")).toHaveLength(0);
        expect(await page.$$("main script, svg script, main svg svg")).toHaveLength(0);
        const text = (await page.textContent("main")) ?? "";
        expect(text).toContain("<img src=x onerror=alert(1)>");
        expect(text).toContain(
          "From cart \\u202Eenilno\\u202C to \\u2066ship\\u2069\\u200B\\uFEFF <svg onload=alert(4)>",
        );
        const labels = await page.$$eval(
          "figure[data-machine=OrderLifecycle] svg g.labels text",
          (ts) => ts.map((t) => t.textContent),
        );
        expect(labels.some((l) => l?.includes("</text><script>"))).toBe(true);
        expect(await page.getAttribute("a:text('click me')", "href")).toBe("#");
        expect(await page.getAttribute("a:text('docs')", "href")).toBe("https://example.com/x");
        await page.click("a:text('click me')");
        await page.screenshot({ path: "test-artifacts/docs-domain-orders.png", fullPage: true });
      }
      await page.waitForTimeout(50);
      expect(errors, `${path}: console errors`).toEqual([]);
      expect(dialogs, `${path}: dialogs`).toEqual([]);
      await page.close();
    }
    expect(external).toEqual([]);
    await context.close();
  }, 120_000);

  test("from file://: search finds an invariant by its text and navigates to it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await open(context, pathToFileURL(join(dir, "slices.html")).href);
    const hits = await search(page, "never exceeds the order");
    expect(hits).toContainEqual([
      "invariant ORD-1: The paid amount never exceeds the order total \\u202Edlob\\u202C",
      "domain-orders.html#inv-ORD-1",
    ]);
    await page.click("#search-results a[href='domain-orders.html#inv-ORD-1']");
    await page.waitForURL(/domain-orders\.html#inv-ORD-1$/);
    expect(await page.$eval("tr:target", (tr) => tr.id)).toBe("inv-ORD-1");
    await page.screenshot({ path: "test-artifacts/docs-search-target.png" });
    expect(await search(page, "StockLevel")).toContainEqual(
      expect.arrayContaining(["domain-inventory.html#machine-StockLevel"]),
    );
    // A flow is found by its events and leads to its section (diagram and sequence).
    expect(await search(page, "payments.capture")).toContainEqual(
      expect.arrayContaining(["domain-orders.html#flow-checkout"]),
    );
    await page.fill("#search", "no such thing anywhere");
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length === 0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  test("intentc docs --serve serves the same static site", async () => {
    const server = await startDocsServer({ files }, 0);
    try {
      const context = await browser.newContext();
      const { page, errors } = await open(context, `${server.url}domain-payments.html`);
      expect(await page.$$("figure[data-diagram=machine] > svg")).toHaveLength(
        program.domains.find((d) => d.name === "payments")!.machines.length,
      );
      const hits = await search(page, "ORD-1");
      expect(hits.map(([, h]) => h)).toContain("domain-orders.html#inv-ORD-1");
      expect((await page.request.get(`${server.url}vendor/mermaid.min.js`)).status()).toBe(404);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await server.close();
    }
  }, 60_000);
});
