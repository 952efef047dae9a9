/** IC2xxx: binding names across files and resolving references. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const bindDiagnostics = {
  "duplicate-domain": {
    code: "IC2001",
    severity: "error",
    message: msg`Domain '${"name"}' is declared in more than one file.`,
    hint: "A domain lives in exactly one intent file.",
  },
  "duplicate-name": {
    code: "IC2002",
    severity: "error",
    message: msg`'${"name"}' is declared more than once in domain '${"domain"}'.`,
    hint: "Types, entities, machines, APIs, events, invariants, flows and slices share one namespace per domain.",
  },
  "unknown-type": {
    code: "IC2003",
    severity: "error",
    message: msg`Unknown type '${"name"}'.`,
  },
  "unknown-domain": {
    code: "IC2004",
    severity: "error",
    message: msg`Unknown domain '${"name"}'.`,
  },
  "unknown-event": {
    code: "IC2005",
    severity: "error",
    message: msg`Unknown event '${"name"}'.`,
  },
  "unknown-entity": {
    code: "IC2006",
    severity: "error",
    message: msg`Unknown entity '${"name"}'.`,
  },
  "unknown-slice-target": {
    code: "IC2007",
    severity: "error",
    message: msg`Unknown machine, API, entity or type '${"name"}'.`,
  },
  "unknown-risk-tier": {
    code: "IC2008",
    severity: "error",
    message: msg`Unknown risk tier '${"name"}'.`,
  },
  "unknown-gate": {
    code: "IC2009",
    severity: "error",
    message: msg`Unknown gate '${"name"}'.`,
  },
  "unknown-field": {
    code: "IC2010",
    severity: "error",
    message: msg`Entity '${"entity"}' has no field '${"name"}'.`,
  },
  "duplicate-system": {
    code: "IC2011",
    severity: "error",
    message: msg`The system is declared in more than one file.`,
    hint: "Keep one file with `system:` (risk tiers and gates); every other file declares a domain.",
  },
  "constraint-on-reference": {
    code: "IC2012",
    severity: "error",
    message: msg`Constraint '${"name"}' applies to ${"applies"} types, not to '${"type"}'.`,
    hint: "Declare a named type with the constraint, or put the constraint on a primitive type.",
  },
  "invariant-needs-entity": {
    code: "IC2013",
    severity: "error",
    message: msg`Invariant '${"id"}' must say which entity it ranges over.`,
    hint: "Add `on: <Entity>`; it may only be left out when the domain declares exactly one entity.",
  },
  "invalid-flow-step": {
    code: "IC2014",
    severity: "error",
    message: msg`Flow step '${"step"}' is not 'domain.event' or 'domain.event -> domain.event'.`,
  },
  "missing-risk-tier": {
    code: "IC2015",
    severity: "error",
    message: msg`Slice '${"slice"}' has no risk tier.`,
    hint: "Set `risk:` on the slice or a default `risk:` on its domain.",
  },
  "type-too-deep": {
    code: "IC2016",
    severity: "error",
    message: msg`Type '${"name"}' nests ${"depth"} levels deep through its arrays, fields and references; the limit is ${"limit"}.`,
    hint: "Validators, tests and the explorer follow a type level by level; flatten it or refer to a record by its id.",
  },
} as const satisfies Record<string, DiagnosticDef>;
