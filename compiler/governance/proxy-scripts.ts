/**
 * The two small programs of the network allow-list, as plain JavaScript text (written into the
 * run directory and run by node, so they work the same from sources and from dist/):
 *
 * - PROXY_SCRIPT runs on the host, outside the sandbox. It listens on a Unix socket and speaks
 *   HTTP proxy: `CONNECT host:port` (HTTPS: a byte tunnel, no TLS interception) and absolute-form
 *   requests (`GET http://host/…`). It lets through exactly the allowed hosts and refuses every
 *   other one with 403, appending one JSON line per decision to the log.
 * - BRIDGE_SCRIPT runs inside the sandbox: it forwards TCP 127.0.0.1:<port> to the socket (most
 *   HTTP clients need a TCP proxy URL), starts the agent, and exits with the agent's status.
 */

/** Host-side filtering proxy. argv: <config.json>. Config: { socket, log, ready, parent, allow[], hosts{} }. */
export const PROXY_SCRIPT = String.raw`"use strict";
const fs = require("node:fs");
const net = require("node:net");
const http = require("node:http");
const cfg = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const rules = cfg.allow.map((e) => {
  const m = /^(\*\.)?([A-Za-z0-9.-]+?)(?::(\d+))?$/.exec(e) || [];
  return { wild: !!m[1], host: String(m[2] || "").toLowerCase().replace(/\.$/, ""), port: m[3] ? Number(m[3]) : undefined };
});
function allowed(host, port) {
  const h = String(host).toLowerCase().replace(/\.$/, "");
  return rules.some((r) => (r.wild ? h.endsWith("." + r.host) : h === r.host) && (r.port !== undefined ? r.port === port : port === 80 || port === 443));
}
function log(entry) {
  try { fs.appendFileSync(cfg.log, JSON.stringify(entry) + "\n"); } catch {}
}
function target(host) {
  return Object.prototype.hasOwnProperty.call(cfg.hosts, host.toLowerCase()) ? cfg.hosts[host.toLowerCase()] : host;
}
function parseAuthority(s, def) {
  const m = /^\[?([^\]\s]*?)\]?(?::(\d{1,5}))?$/.exec(String(s || ""));
  if (!m || m[1] === "") return undefined;
  return { host: m[1], port: m[2] ? Number(m[2]) : def };
}
const server = http.createServer((req, res) => {
  let u;
  try { u = new URL(req.url); } catch { u = undefined; }
  if (!u || u.protocol !== "http:") {
    log({ kind: "request", target: String(req.url).slice(0, 300), allowed: false, reason: "not an absolute http:// URL" });
    res.writeHead(400, { "content-type": "text/plain" });
    return res.end("intentc proxy: only absolute http:// requests and CONNECT are accepted\n");
  }
  const port = u.port ? Number(u.port) : 80;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (!allowed(host, port)) {
    log({ kind: "request", host, port, method: req.method, allowed: false, reason: "host not in the slice's network allow-list" });
    res.writeHead(403, { "content-type": "text/plain" });
    return res.end("intentc proxy: " + host + ":" + port + " is not in the slice's network allow-list\n");
  }
  log({ kind: "request", host, port, method: req.method, allowed: true });
  const headers = Object.assign({}, req.headers);
  for (const k of Object.keys(headers)) if (/^proxy-/i.test(k)) delete headers[k];
  const up = http.request({ host: target(host), port, method: req.method, path: u.pathname + u.search, headers, setHost: false }, (r) => {
    res.writeHead(r.statusCode || 502, r.headers);
    r.pipe(res);
  });
  up.on("error", (e) => {
    log({ kind: "request", host, port, allowed: true, error: String(e.code || e.message) });
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(up);
});
server.on("connect", (req, sock, head) => {
  const a = parseAuthority(req.url, 443);
  if (!a || !allowed(a.host, a.port)) {
    log({ kind: "connect", host: a ? a.host : String(req.url).slice(0, 300), port: a ? a.port : 0, allowed: false, reason: "host not in the slice's network allow-list" });
    sock.end("HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nintentc proxy: not in the slice's network allow-list\n");
    return;
  }
  log({ kind: "connect", host: a.host, port: a.port, allowed: true });
  const up = net.connect(a.port, target(a.host), () => {
    sock.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head && head.length) up.write(head);
    up.pipe(sock);
    sock.pipe(up);
  });
  up.on("error", (e) => {
    log({ kind: "connect", host: a.host, port: a.port, allowed: true, error: String(e.code || e.message) });
    sock.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
  });
  sock.on("error", () => up.destroy());
});
server.on("clientError", (e, sock) => sock.destroy());
try { fs.unlinkSync(cfg.socket); } catch {}
server.listen(cfg.socket, () => {
  fs.chmodSync(cfg.socket, 0o666);
  fs.writeFileSync(cfg.ready, String(process.pid));
});
process.on("SIGTERM", () => process.exit(0));
// Never outlive the intentc process that started it.
setInterval(() => { try { process.kill(cfg.parent, 0); } catch { process.exit(0); } }, 500);
`;

/** Sandbox-side bridge. argv: <socket> <port> -- <agent argv…>. */
export const BRIDGE_SCRIPT = String.raw`"use strict";
const net = require("node:net");
const { spawn } = require("node:child_process");
const [socket, port, sep, ...argv] = process.argv.slice(2);
if (sep !== "--" || argv.length === 0) { process.stderr.write("bridge: usage <socket> <port> -- <argv>\n"); process.exit(2); }
const server = net.createServer((c) => {
  const u = net.connect(socket);
  c.pipe(u); u.pipe(c);
  c.on("error", () => u.destroy()); u.on("error", () => c.destroy());
});
server.listen(Number(port), "127.0.0.1", () => {
  const child = spawn(argv[0], argv.slice(1), { stdio: "inherit" });
  child.on("error", (e) => { process.stderr.write("bridge: cannot start " + argv[0] + ": " + e.message + "\n"); process.exit(127); });
  child.on("exit", (code, sig) => process.exit(code === null ? 128 + (sig === "SIGKILL" ? 9 : 15) : code));
});
`;
