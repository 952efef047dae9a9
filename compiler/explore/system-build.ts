/**
 * The system exploration of a build: each flow that connects machines explored as one system
 * (system.ts) at the build's state budget, with a content key so the driver reuses the result
 * while nothing it reads changed: the flow itself and, for each participant, the machine's own
 * exploration key (its machine, entity, events, the types they reach and the entity's
 * invariants).
 */
import type { Diagnostic } from "../diagnostic.js";
import { flowParticipants } from "../ir/flows.js";
import type { Flow, Program } from "../ir/types.js";
import { sha256Hex } from "../shared/hash.js";
import { keysText, machineKey } from "./build.js";
import { exploreFlow } from "./system.js";

/** What a build keeps of a flow's system exploration. */
export interface SystemExploration {
  /** Every finding, including the informational summary (IC8024). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Version of the system exploration's semantics: part of every key. */
const SYSTEM_VERSION = 1;

/** The content key of a flow's system exploration at `budget`. */
export function systemKey(
  program: Program,
  flow: Flow,
  budget: number,
  fingerprint?: boolean,
): string {
  const parts = flowParticipants(program, flow).map((p) => [
    p.name,
    p.instances,
    machineKey(program, p.machine),
  ]);
  return `system ${budget}${keysText(fingerprint)} ${sha256Hex(JSON.stringify([SYSTEM_VERSION, flow, parts]))}`;
}

/** Explore a flow as one system for a build. */
export function exploreSystemForBuild(
  program: Program,
  flow: Flow,
  budget: number,
  fingerprint?: boolean,
): SystemExploration {
  const keys = fingerprint !== undefined ? { fingerprint } : {};
  return { diagnostics: exploreFlow(program, flow, { budget, ...keys }).diagnostics };
}

export function isSystemExploration(v: unknown): v is SystemExploration {
  const x = v as Partial<SystemExploration> | null;
  return x !== null && typeof x === "object" && Array.isArray(x.diagnostics);
}
