/** IC8xxx: state-space exploration of machines (`intentc explore`, and `build`). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const exploreDiagnostics = {
  "invariant-violated": {
    code: "IC8001",
    severity: "error",
    message: msg`Invariant '${"id"}' is violated after ${"steps"} steps: ${"says"}`,
  },
  "machine-deadlock": {
    code: "IC8002",
    severity: "error",
    message: msg`State '${"state"}' of machine '${"machine"}' is a deadlock: it is not final and no event is enabled${"scope"} after ${"steps"} steps.`,
    hint: "Add a transition out of this state, mark it final, or relax the guards that block every event.",
  },
  "unreachable-state": {
    code: "IC8003",
    severity: "warning",
    message: msg`State '${"state"}' of machine '${"machine"}' is never reached${"scope"}: the guards of its incoming transitions never allow it.`,
    hint: "Check the guards of the transitions into this state (an earlier overlapping transition may always win).",
  },
  "event-never-enabled": {
    code: "IC8004",
    severity: "warning",
    message: msg`Event '${"event"}' is never enabled in machine '${"machine"}'${"scope"}.`,
    hint: "Its guards are false in every reachable state; check them against the fields they read.",
  },
  "overlapping-guards": {
    code: "IC8005",
    severity: "warning",
    message: msg`Transitions '${"first"}' and '${"second"}' of machine '${"machine"}' are both enabled by ${"event"} after ${"steps"} steps.`,
    hint: "The first declared transition wins; make the guards mutually exclusive.",
  },
  "effect-breaks-type": {
    code: "IC8006",
    severity: "error",
    message: msg`Transition '${"transition"}' of machine '${"machine"}' sets '${"field"}' outside its type after ${"steps"} steps: ${"problem"}.`,
  },
  "expression-failed": {
    code: "IC8007",
    severity: "error",
    message: msg`Evaluating ${"what"} of machine '${"machine"}' threw after ${"steps"} steps: ${"error"}.`,
  },
  "exploration-incomplete": {
    code: "IC8008",
    severity: "info",
    message: msg`Machine '${"machine"}' was searched exhaustively up to ${"distinct"} states (${"reason"}); random simulation then ran ${"steps"} steps.`,
    hint: "Raise --budget or --depth to search further, or narrow field types.",
  },
  "exploration-sampled": {
    code: "IC8010",
    severity: "info",
    message: msg`Machine '${"machine"}' was searched with sampled values of ${"fields"} (more than ${"bound"} values, or too many combinations), so its verdict is 'sampled', not complete.`,
    hint: "Narrow these field types to at most that many values (minimum/maximum, an enum) to search them exhaustively, or fix the field in `init`.",
  },
  // IC802x — flows explored as one system (explore/system.ts)
  "flow-invariant-violated": {
    code: "IC8020",
    severity: "error",
    message: msg`Invariant '${"id"}' of flow '${"flow"}' is violated after ${"steps"} steps: ${"says"}`,
  },
  "value-not-conserved": {
    code: "IC8021",
    severity: "error",
    message: msg`Step '${"step"}' of flow '${"flow"}' ${"verb"} ${"amount"} of its value '${"value"}' after ${"steps"} steps: its holders sum to ${"before"} before the step and ${"after"} after.`,
    hint: "A flow's value only moves between its holders: every step that takes it from one holder must give it to another.",
  },
  "system-deadlock": {
    code: "IC8022",
    severity: "error",
    message: msg`The system of flow '${"flow"}' stops in '${"state"}' after ${"steps"} steps: no event is enabled${"scope"} and not every participant is final.`,
    hint: "A triggered event refused by its participant blocks its trigger; add the transition it needs, or say `deadlock: allowed` on the flow.",
  },
  "flow-step-failed": {
    code: "IC8023",
    severity: "error",
    message: msg`In flow '${"flow"}', ${"what"} after ${"steps"} steps: ${"problem"}.`,
  },
  "flow-explored": {
    code: "IC8024",
    severity: "info",
    message: msg`Flow '${"flow"}' was explored as one system of ${"participants"} over ${"events"}: ${"distinct"} states, ${"verdict"}${"outcome"}.`,
  },
  "flow-not-composed": {
    code: "IC8025",
    severity: "warning",
    message: msg`Flow '${"flow"}' cannot be explored as one system: ${"reason"}.`,
  },
  "message-refused": {
    code: "IC8027",
    severity: "error",
    message: msg`In flow '${"flow"}', the asynchronous event ${"message"} after ${"steps"} steps: it is lost.`,
    hint: "An asynchronous event is delivered later, when its participant may be in another state; give that state a transition for it, or make the step synchronous (the trigger then waits until it is accepted).",
  },
  "flow-step-never-taken": {
    code: "IC8026",
    severity: "warning",
    message: msg`Event '${"event"}' of flow '${"flow"}' is never taken in the system${"scope"}.`,
    hint: "Its guards, or the guards of the events it triggers, are false in every reachable state of the system.",
  },
} as const satisfies Record<string, DiagnosticDef>;
