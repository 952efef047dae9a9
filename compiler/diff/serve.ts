/**
 * Serving the docs site (`intentc docs --serve`). The server listens on 127.0.0.1 only and
 * serves the rendered pages from memory, nothing else (no directory listing, no path outside
 * the site). The site needs no server: it is static and works from file:// too.
 */
import { createServer, type Server } from "node:http";
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

/** Serve rendered site files (path under the site → text) on 127.0.0.1:`port` (0 = any free port). */
export function startDocsServer(
  site: { readonly files: ReadonlyMap<string, string> },
  port = 0,
): Promise<DocsServer> {
  const server: Server = createServer((req, res) => {
    const headers = {
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": CSP,
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    };
    let path: string;
    try {
      path =
        decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname).replace(
          /^\/+/,
          "",
        ) || "index.html";
    } catch {
      res.writeHead(400, headers).end(); // malformed escape in the URL
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, headers).end();
      return;
    }
    const text = site.files.get(path);
    if (text === undefined) {
      res
        .writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" })
        .end("not found\n");
      return;
    }
    res
      .writeHead(200, {
        ...headers,
        "Content-Type": TYPES[path.split(".").pop() ?? ""] ?? "application/octet-stream",
      })
      .end(text);
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
