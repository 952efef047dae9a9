/**
 * The slice and system-file declarations of the intent meta-schema: a slice (scopes, tools,
 * network, agent), the system file, its gates and risk tiers. Spread into the meta-schema's
 * `$defs` in this order.
 */
import {
  declExtra,
  description,
  doc,
  DOMAIN_PATTERN,
  globList,
  intentVersion,
  listOf,
  mapOf,
  NAME_PATTERN,
  nameString,
  qnameList,
  ref,
  semver,
  text,
  type JsonSchema,
} from "./meta-schema-parts.js";

/** The `$defs` entries of slices and the system file. */
export const systemDefs: Record<string, JsonSchema> = {
  slice: {
    title: "slice",
    type: "object",
    required: ["says", "writes"],
    properties: {
      says: text("What the agent implements in this slice."),
      implements: qnameList("Machines, APIs, entities or types this slice implements."),
      uses: qnameList("Interfaces of adjacent slices this slice may call (never internals)."),
      writes: globList(
        "Write scope: repo-relative globs (no `..`, `/`, `!` or bare `**`). Scopes of slices must not overlap.",
      ),
      reads: globList("Read scope: repo-relative globs."),
      risk: nameString(NAME_PATTERN, "risk tier", "Risk tier (default: the domain's `risk`)."),
      tools: listOf(
        nameString(NAME_PATTERN, "tool", "A tool name."),
        "Tools the agent may use (`read`, `edit`, `test`).",
        { uniqueItems: true },
      ),
      network: listOf(
        {
          type: "string",
          pattern: "^(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?$",
          patternErrorMessage:
            "expected a host name such as 'api.example.com' or 'api.example.com:443'",
        },
        "Hosts the agent may reach; empty means no network.",
        { uniqueItems: true },
      ),
      budget: {
        type: "integer",
        minimum: 1,
        maximum: 1000000,
        ...doc("Pack size budget in estimated tokens (default 8000)."),
      },
      agent: {
        enum: ["claude", "codex", "cursor-agent", "generic"],
        ...doc("Agent profile that runs the slice (default: the system's, else `generic`)."),
      },
      env: listOf(
        {
          type: "string",
          pattern: "^[A-Z_][A-Z0-9_]{0,63}$",
          patternErrorMessage: "expected an environment variable name such as 'ANTHROPIC_API_KEY'",
        },
        "Environment variables passed into the agent's sandbox (names only; values come from the caller and are never written).",
        { uniqueItems: true },
      ),
      description,
      ...declExtra,
    },
    additionalProperties: false,
  },
  systemFile: {
    title: "system file",
    type: "object",
    required: ["intent", "system", "version"],
    properties: {
      intent: intentVersion,
      system: nameString(DOMAIN_PATTERN, "system", "Lower-case name of the system."),
      version: semver,
      summary: text("One-line summary of the system."),
      owners: listOf({ type: "string", minLength: 1 }, "Teams or people who own the system."),
      gates: mapOf(NAME_PATTERN, "gate", ref("gate"), "Checks an agent's change must pass."),
      agent: {
        enum: ["claude", "codex", "cursor-agent", "generic"],
        ...doc(
          "Agent profile that runs the slice of every slice that names none (default `generic`).",
        ),
      },
      env: listOf(
        {
          type: "string",
          pattern: "^[A-Z_][A-Z0-9_]{0,63}$",
          patternErrorMessage: "expected an environment variable name such as 'ANTHROPIC_API_KEY'",
        },
        "Environment variables passed into every slice's agent sandbox (names only; values come from the caller and are never written).",
        { uniqueItems: true },
      ),
      secrets: listOf(
        { type: "string", minLength: 1, maxLength: 256 },
        "Extra globs of secret-looking files to mask inside the agent sandbox, added to the built-in list (dotenv files, private keys, credential stores). A slice's `reads` that names a file explicitly unmasks it.",
      ),
      risk: {
        title: "risk",
        type: "object",
        required: ["tiers"],
        properties: {
          tiers: mapOf(
            NAME_PATTERN,
            "risk tier",
            ref("riskTier"),
            "Risk tiers: approvals, retries and gates.",
          ),
        },
        additionalProperties: false,
        ...doc("Risk tiers shared by every domain."),
      },
    },
    additionalProperties: false,
  },
  gate: {
    title: "gate",
    type: "object",
    required: ["stage", "command"],
    properties: {
      stage: { enum: ["static", "test"], ...doc("`static` gates run before `test` gates.") },
      command: listOf(
        { type: "string", minLength: 1 },
        "argv of the command, run without a shell.",
        { minItems: 1 },
      ),
      description,
    },
    additionalProperties: false,
  },
  riskTier: {
    title: "risk tier",
    type: "object",
    properties: {
      approvals: {
        type: "integer",
        minimum: 0,
        maximum: 10,
        ...doc("Human approvals needed to promote a change."),
      },
      retries: {
        type: "integer",
        minimum: 0,
        maximum: 10,
        ...doc("How often an agent may retry after a failed gate."),
      },
      gates: listOf(
        nameString(NAME_PATTERN, "gate", "A gate name."),
        "Gates, in the order they run.",
        { uniqueItems: true },
      ),
      exercise: {
        enum: ["none", "critical", "all"],
        ...doc(
          "Invariants a run must exercise through a model-based suite on the implementation: `critical` ones, `all`, or `none` (default).",
        ),
      },
      description,
    },
    additionalProperties: false,
  },
};
