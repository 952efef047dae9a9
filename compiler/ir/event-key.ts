/**
 * The event-key rule, in one place: a machine names an event of its own domain by its name
 * (`pay`) and an event of another domain by `domain.name` (`payments.capture`). Traces,
 * generated code, diagrams, diagnostics and diffs all key events this way.
 */
import type { Ref } from "./types.js";

/** The key of event `ref` as seen from `domain` (the machine's domain). */
export function eventKey(domain: string, ref: Ref): string {
  return ref.domain === domain ? ref.name : `${ref.domain}.${ref.name}`;
}
