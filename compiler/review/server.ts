/**
 * `intentc review --serve`: the review queue as a small web app on the loopback. Reviewers sign in
 * with a token from the configuration; agents cannot. Every state change is a POST that must carry
 * the session's CSRF token and come from the app's own origin (Origin / Sec-Fetch-Site, and a
 * SameSite=Strict cookie); the Host header must be the loopback address the app listens on. The
 * CSP allows no script at all and styles only from the app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  approveRemote,
  promoteRemote,
  rejectRemote,
  syncQueue,
  type ActionResult,
} from "../fleet/review-actions.js";
import type { QueueBackend, ReviewState } from "../fleet/types.js";
import { RUN_ID_PATTERN } from "../governance/store.js";
import { cookies, csrfOk, identify, Sessions, type Identity, type Session } from "./auth.js";
import { CSS, listPage, loginPage, runPage } from "./html.js";
import { listRuns, runDetail } from "./runs.js";

/** Options for {@link startReviewServer}. */
export interface ReviewServerOptions {
  readonly repo: string;
  /** The remote (URL or path) holding `refs/intentc/runs/*`. */
  readonly target: string;
  readonly identities: readonly Identity[];
  readonly port: number;
  /** The queue whose entries mirror review progress (optional). */
  readonly queue?: QueueBackend;
  readonly log?: (line: string) => void;
}

export const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const COOKIE = "intentc_review";
const MESSAGES: Record<string, string> = {
  approved: "Approved.",
  rejected: "Rejected.",
  promoted: "Promoted.",
};

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = "text/html; charset=utf-8",
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...extra,
  });
  res.end(body);
}

const redirect = (res: ServerResponse, to: string, extra: Record<string, string> = {}) =>
  send(res, 303, "", "text/plain", { Location: to, ...extra });

function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 16 << 10) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", () => resolve(undefined));
  });
}

/** Start the app; resolves once it listens (port 0 picks a free one). */
export function startReviewServer(
  o: ReviewServerOptions,
): Promise<{ server: Server; url: string }> {
  const sessions = new Sessions();
  const log = o.log ?? (() => {});
  let origin = "";

  const sessionOf = (req: IncomingMessage): Session | undefined =>
    sessions.get(cookies(req.headers.cookie).get(COOKIE));
  /** A POST from a page of this app (not a cross-site form or fetch). */
  const sameOrigin = (req: IncomingMessage) => {
    const site = req.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") return false;
    const from = req.headers.origin;
    return from === undefined || from === origin;
  };

  const act = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    runId: string,
    action: string,
  ) => {
    const form = await readForm(req);
    if (form === undefined || !csrfOk(session, form.get("csrf") ?? undefined)) {
      log(`refused ${action} of ${runId} by ${session.name}: bad CSRF token`);
      return send(
        res,
        403,
        loginPage("The form was not sent by this app (CSRF token missing or wrong)."),
      );
    }
    let r: ActionResult<ReviewState>;
    if (action === "approve") r = approveRemote(o.repo, o.target, runId, session.name);
    else if (action === "reject")
      r = rejectRemote(o.repo, o.target, runId, session.name, form.get("reason") ?? "");
    else r = promoteRemote(o.repo, o.target, runId, session.name);
    if (!r.ok) {
      log(`${action} of ${runId} by ${session.name} refused: ${r.error}`);
      const d = runDetail(o.repo, o.target, runId);
      return d
        ? send(
            res,
            409,
            runPage(d, session, ownRun(d.agentName, session.name, d.review), undefined, r.error),
          )
        : send(res, 404, "no such run", "text/plain");
    }
    log(`${action} of ${runId} by ${session.name}`);
    if (o.queue) await syncQueue(o.queue, runId, r.value).catch(() => false);
    return redirect(
      res,
      `/runs/${encodeURIComponent(runId)}?m=${action === "approve" ? "approved" : action === "reject" ? "rejected" : "promoted"}`,
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Only the address the app listens on (a DNS-rebound name is refused).
    if (req.headers.host !== origin.slice("http://".length))
      return send(res, 421, "wrong host", "text/plain");
    const url = new URL(req.url ?? "/", origin);
    const path = url.pathname;
    if (req.method === "GET" && path === "/app.css")
      return send(res, 200, CSS, "text/css; charset=utf-8");
    if (req.method === "GET" && path === "/login") return send(res, 200, loginPage());
    if (req.method === "POST" && !sameOrigin(req)) {
      log(`refused a cross-site POST to ${path}`);
      return send(res, 403, loginPage("Refused: the request did not come from this app."));
    }
    if (req.method === "POST" && path === "/login") {
      const form = await readForm(req);
      const who = form ? identify(o.identities, form.get("token") ?? "") : undefined;
      if (who === undefined) return send(res, 401, loginPage("Unknown token."));
      if (who.agent) {
        log(`refused sign-in of agent identity ${who.name}`);
        return send(
          res,
          403,
          loginPage(
            `'${who.name}' is an agent identity: agents can never review, approve or promote.`,
          ),
        );
      }
      const s = sessions.create(who.name);
      return redirect(res, "/", {
        "Set-Cookie": `${COOKIE}=${s.id}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    const session = sessionOf(req);
    if (session === undefined)
      return req.method === "GET"
        ? redirect(res, "/login")
        : send(res, 401, loginPage("Sign in first."));
    if (req.method === "POST" && path === "/logout") {
      const form = await readForm(req);
      if (form === undefined || !csrfOk(session, form.get("csrf") ?? undefined))
        return send(res, 403, loginPage("CSRF token missing or wrong."));
      sessions.drop(session.id);
      return redirect(res, "/login", {
        "Set-Cookie": `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
      });
    }
    if (req.method === "GET" && path === "/")
      return send(res, 200, listPage(listRuns(o.repo, o.target), session));
    const m = /^\/runs\/([^/]+)(?:\/(approve|reject|promote))?$/.exec(path);
    const runId = m ? decodeURIComponent(m[1]) : "";
    if (m === null || !RUN_ID_PATTERN.test(runId)) return send(res, 404, "not found", "text/plain");
    if (req.method === "GET" && m[2] === undefined) {
      const d = runDetail(o.repo, o.target, runId);
      if (d === undefined) return send(res, 404, "no such run", "text/plain");
      return send(
        res,
        200,
        runPage(
          d,
          session,
          ownRun(d.agentName, session.name, d.review),
          MESSAGES[url.searchParams.get("m") ?? ""],
        ),
      );
    }
    if (req.method === "POST" && m[2] !== undefined) return act(req, res, session, runId, m[2]);
    return send(res, 405, "method not allowed", "text/plain");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, "internal error", "text/plain");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => {
      origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      resolve({ server, url: `${origin}/` });
    });
  });
}

/** Why this reviewer may not approve (their own run, or already approved by them), else undefined. */
function ownRun(agentName: string, reviewer: string, review: ReviewState): string | undefined {
  if (agentName.toLowerCase() === reviewer.toLowerCase())
    return "This is your own run: someone else must approve it.";
  if (review.approvals.some((a) => a.toLowerCase() === reviewer.toLowerCase()))
    return "You have approved this run.";
  return undefined;
}
