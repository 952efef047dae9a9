/** Hashing, in one place: every content hash intentc computes is a sha256 in hex. */
import { createHash } from "node:crypto";

/** sha256 hex of a string (UTF-8) or bytes; several parts hash as their concatenation. */
export function sha256Hex(...parts: readonly (string | Uint8Array)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
}
