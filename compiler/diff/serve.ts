/**
 * Serving and writing the docs site. The server listens on 127.0.0.1 only, serves the rendered
 * pages from memory plus `/vendor/mermaid.min.js` from the installed mermaid package, and
 * nothing else (no directory listing, no path outside the site).
 */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { lstatSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CSP } from "../emit/docs-site/templates.js";

/** A running docs server. */
export interface DocsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** Absolute path of the locally installed Mermaid browser bundle. */
export function mermaidBundlePath(): string {
  return createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
}

/** Serve rendered site files (path under the site → text) on 127.0.0.1:`port` (0 = any free port). */
export function startDocsServer(site: { readonly files: ReadonlyMap<string, string> }, port = 0): Promise<DocsServer> {
  let mermaid: Buffer | undefined;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname).replace(/^\/+/, "") || "index.html";
    const headers = { "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, headers).end();
      return;
    }
    if (path === "vendor/mermaid.min.js") {
      mermaid ??= readFileSync(mermaidBundlePath());
      res.writeHead(200, { ...headers, "Content-Type": TYPES.js }).end(mermaid);
      return;
    }
    const text = site.files.get(path);
    if (text === undefined) {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[path.split(".").pop() ?? ""] ?? "application/octet-stream" }).end(text);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      const p = typeof addr === "object" && addr !== null ? addr.port : port;
      resolve({
        url: `http://127.0.0.1:${p}/`,
        port: p,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

/** Result of writing the site. */
export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Write the site under `root/rel`, refusing to write through symlinks, and delete stale regular
 * files the new site no longer has.
 */
export function writeSite(root: string, rel: string, files: ReadonlyMap<string, string>): WriteResult {
  const parts = rel.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const p = join(root, ...parts.slice(0, i));
    try {
      if (lstatSync(p).isSymbolicLink()) return { ok: false, message: `${parts.slice(0, i).join("/")} is a symlink; refusing to write through it` };
    } catch {
      break;
    }
  }
  const base = join(root, rel);
  for (const [path, text] of files) {
    const abs = join(base, path);
    mkdirSync(dirname(abs), { recursive: true });
    try {
      if (lstatSync(abs).isSymbolicLink()) return { ok: false, message: `${rel}/${path} is a symlink; refusing to write through it` };
    } catch {
      /* does not exist yet */
    }
    writeFileSync(abs, text);
  }
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const st = lstatSync(abs);
      const key = prefix + name;
      if (st.isDirectory()) walk(abs, `${key}/`);
      else if (st.isFile() && !files.has(key)) unlinkSync(abs);
    }
  };
  walk(base, "");
  return { ok: true };
}
