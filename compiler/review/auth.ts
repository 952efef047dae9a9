/**
 * Reviewers and sessions for the review app. Identities come from a configuration file (never a
 * password store of our own): each has a name, a bearer token (or its sha256) and whether it is an
 * agent. An agent identity can never sign in to review. Sessions live in memory; each carries its
 * own CSRF token, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { APPROVER_PATTERN } from "../governance/promote.js";

/** One configured identity. */
export interface Identity {
  readonly name: string;
  readonly agent: boolean;
  /** sha256 (hex) of the token. */
  readonly tokenSha256: string;
}

/** A signed-in reviewer. */
export interface Session {
  readonly id: string;
  readonly name: string;
  readonly csrf: string;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/**
 * Read `{"reviewers":[{"name":"alice","token":"…"|"tokenSha256":"…","agent":false}]}`.
 * Returns the identities or a message saying what is wrong (the app refuses to start).
 */
export function loadIdentities(path: string): Identity[] | string {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    return `cannot read reviewer config ${path}: ${(e as Error).message}`;
  }
  const list = (raw as { reviewers?: unknown })?.reviewers;
  if (!Array.isArray(list) || list.length === 0)
    return `${path}: expected {"reviewers": [{"name", "token", "agent"}...]}`;
  const out: Identity[] = [];
  for (const [i, r] of list.entries()) {
    const o = r as Record<string, unknown>;
    if (typeof o.name !== "string" || !APPROVER_PATTERN.test(o.name))
      return `${path}: reviewers[${i}].name must match ${APPROVER_PATTERN}`;
    const hash =
      typeof o.tokenSha256 === "string"
        ? o.tokenSha256.toLowerCase()
        : typeof o.token === "string"
          ? sha256(o.token)
          : undefined;
    if (hash === undefined || !/^[0-9a-f]{64}$/.test(hash))
      return `${path}: reviewers[${i}] needs a token or tokenSha256`;
    if (typeof o.token === "string" && o.token.length < 16)
      return `${path}: reviewers[${i}].token is shorter than 16 characters`;
    if (o.agent !== undefined && typeof o.agent !== "boolean")
      return `${path}: reviewers[${i}].agent must be true or false`;
    out.push({ name: o.name, agent: o.agent === true, tokenSha256: hash });
  }
  return out;
}

/** The identity a token belongs to (constant-time over every identity). */
export function identify(identities: readonly Identity[], token: string): Identity | undefined {
  const h = Buffer.from(sha256(token), "hex");
  let found: Identity | undefined;
  for (const id of identities)
    if (timingSafeEqual(h, Buffer.from(id.tokenSha256, "hex"))) found = id;
  return found;
}

/** In-memory sessions. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  create(name: string): Session {
    const s = {
      id: randomBytes(32).toString("base64url"),
      name,
      csrf: randomBytes(32).toString("base64url"),
    };
    this.byId.set(s.id, s);
    return s;
  }

  get(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  drop(id: string): void {
    this.byId.delete(id);
  }
}

/** True when the submitted CSRF token is the session's. */
export function csrfOk(session: Session, submitted: string | undefined): boolean {
  if (submitted === undefined) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The `name=value` cookies of a request. */
export function cookies(header: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) m.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return m;
}
