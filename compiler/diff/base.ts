/**
 * Kept for compiler/cli/docs.ts until it imports host/lock.ts: the lock file is read by the host
 * (host/lock.ts) and parsed by diff/lock-file.ts.
 */
export { readLockFile, readLockAtRef, resolveBase } from "../host/lock.js";
export { parseLockFile as parseLock, type LockParse as BaseResult } from "./lock-file.js";
