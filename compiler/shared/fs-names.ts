/**
 * Names that alias on common file systems. A path segment is refused when Windows, macOS or
 * Linux checkouts would read it as another name or as a device: Windows device names (`CON`,
 * `nul.txt`, `COM1`), trailing dots or spaces (Windows drops them), a colon (NTFS alternate data
 * streams such as `file::$DATA`, drive-relative `a:b`), 8.3 short names (`PROGRA~1`), characters
 * Windows forbids, control characters, and the code points macOS ignores in names. Used for
 * scopes and intent names at `check` time and for every path an agent leaves behind.
 * Case and Unicode-normalisation aliases between two names are found with
 * {@link foldName} from control-paths.ts.
 */
import { foldName } from "./control-paths.js";

const DEVICE =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$|clock\$)$/i;
const SHORT_NAME = /~[0-9]+(\.[^.]*)?$/;
const IGNORABLE = /[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WINDOWS_FORBIDDEN = /[<>"|\\]/;
const GLOB_FORBIDDEN = /[?*]/;

/** Why one path segment aliases on some file system, or undefined. `glob`: `*` and `?` are wildcards. */
export function aliasProblem(
  segment: string,
  options: { glob?: boolean } = {},
): string | undefined {
  if (CONTROL.test(segment)) return "control characters";
  if (IGNORABLE.test(segment))
    return "invisible characters macOS ignores in names (zero-width or bidi controls)";
  if (segment.includes(":"))
    return "a colon (an NTFS alternate data stream or a drive prefix on Windows)";
  if (WINDOWS_FORBIDDEN.test(segment) || (!options.glob && GLOB_FORBIDDEN.test(segment)))
    return "a character Windows does not allow in file names";
  if (segment !== "." && segment !== ".." && /[. ]$/.test(segment))
    return "a trailing dot or space (Windows drops it)";
  const stem = segment.split(".")[0].replace(/ +$/, "");
  if (DEVICE.test(stem)) return `a Windows device name ('${stem}')`;
  if (SHORT_NAME.test(segment))
    return "an 8.3 short name (such as 'PROGRA~1') that can alias another file on Windows";
  return undefined;
}

/** The first segment of a repo-relative path that aliases, with the reason. */
export function pathAliasProblem(
  path: string,
  options: { glob?: boolean } = {},
): { segment: string; reason: string } | undefined {
  for (const segment of path.split("/")) {
    const reason = aliasProblem(segment, options);
    if (reason !== undefined) return { segment, reason };
  }
  return undefined;
}

/**
 * Pairs of distinct paths that are the same file on a case-insensitive or normalisation-
 * insensitive file system: for each `candidates` path, another path of `all` with the same fold.
 */
export function foldCollisions(
  candidates: Iterable<string>,
  all: Iterable<string>,
): Map<string, string> {
  const byFold = new Map<string, string[]>();
  for (const p of all) {
    const f = p.split("/").map(foldName).join("/");
    const list = byFold.get(f);
    if (list) list.push(p);
    else byFold.set(f, [p]);
  }
  const out = new Map<string, string>();
  for (const c of candidates) {
    const other = byFold.get(c.split("/").map(foldName).join("/"))?.find((p) => p !== c);
    if (other !== undefined) out.set(c, other);
  }
  return out;
}
