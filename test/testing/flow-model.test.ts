/**
 * The flow tests' composed reference model (compiler/testing/flow-model.ts, over the generated
 * machine models) takes the same steps as the system exploration's composition
 * (compiler/explore/compose.ts, over the IR): random command sequences from each generated flow
 * suite's initial systems and payloads go to both, and after every step the product state, every
 * participant's entity and the channel must be equal. Covered: the shop's checkout (atomic steps,
 * a mapped payload, three domains) and the bank transfer (three instances, `to:`, an async
 * channel, refused deliveries).
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { composeFlow, DELIVER_EVENT } from "../../compiler/explore/compose.js";
import type { MachineModel } from "../../compiler/explore/model.js";
import { systemFlows } from "../../compiler/explore/system.js";
import type { Program } from "../../compiler/ir/types.js";
import { createFlowModel, type FlowState } from "../../compiler/testing/flow-model.js";
import type { FlowSuite } from "../../compiler/testing/flow-based.js";
import { canonicalJson } from "../../runtime/model.js";
import { compileDir, emitTo } from "../emit/machines/emit-helpers.js";

type Fields = Record<string, unknown>;

const CASES = [
  {
    name: "checkout",
    root: ".",
    suite: "tests/orders/checkout.flow-suite.ts",
    kinds: ["blocked", "refused", "taken"],
  },
  {
    name: "transfer",
    root: "test/fixtures/explore/system-bank-async",
    suite: "tests/bank/transfer.flow-suite.ts",
    kinds: ["blocked", "empty", "refused", "taken"],
  },
  {
    // The bank with deposits refused above 3: delivered events get lost.
    name: "transfer",
    root: join("test-artifacts", "flow-model-lossy-src"),
    suite: "tests/bank/transfer.flow-suite.ts",
    kinds: ["blocked", "empty", "lost", "refused", "taken"],
  },
  {
    // Two instances per participant, no `to:`: each sender hands to the receiver of its index.
    name: "pass",
    root: "test/fixtures/testing/relay",
    suite: "tests/relay/pass.flow-suite.ts",
    kinds: ["blocked", "refused", "taken"],
  },
] as const;

const loaded = new Map<string, { program: Program; suite: FlowSuite<unknown> }>();

beforeAll(async () => {
  const lossy = join("test-artifacts", "flow-model-lossy-src", "intent");
  mkdirSync(lossy, { recursive: true });
  writeFileSync(
    join(lossy, "bank.intent.yaml"),
    readFileSync("test/fixtures/explore/system-bank-async/intent/bank.intent.yaml", "utf8").replace(
      'deposit: { guard: "balance + event.amount <= 6"',
      'deposit: { guard: "balance + event.amount <= 3"',
    ),
  );
  for (const [k, c] of CASES.entries()) {
    const program = compileDir(c.root);
    const dir = emitTo(program, `flow-model-${k}`);
    const mod = await import(resolve(join(dir, c.suite)));
    const suite = Object.values(mod).find(
      (v) => typeof v === "object" && v !== null && "participants" in v,
    ) as FlowSuite<unknown>;
    loaded.set(c.root, { program, suite });
  }
});

/** One step of the explorer's composed model: the first enabled composed transition, or none. */
function exploreStep(model: MachineModel, state: string, fields: Fields, event: Fields) {
  for (const t of model.transitionsFor(state, event.type as string)) {
    if (t.guard !== undefined && t.guard(fields, event) !== true) continue;
    return { state: t.to, fields: model.apply(t, fields, event as never) as Fields, id: t.id };
  }
  return undefined;
}

/** The explorer's view of a flow-model configuration, to compare. */
function view(flow: ReturnType<typeof createFlowModel>, s: FlowState) {
  return {
    state: flow.slots.map((sl, i) => `${sl.name}=${s.snapshots[i].state}`).join(" "),
    entities: flow.slots.map((_, i) => canonicalJson(s.snapshots[i].context)),
    channel: s.channel.map((m) => {
      const { type: _t, ...payload } = m.event as Fields;
      return `${flow.slots[m.to].name} ${canonicalJson(payload)}`;
    }),
  };
}

function exploreView(flow: ReturnType<typeof createFlowModel>, state: string, fields: Fields) {
  return {
    state,
    entities: flow.slots.map((sl) => {
      const e: Fields = {};
      for (const [k, v] of Object.entries(fields))
        if (k.startsWith(`${sl.name}.`)) e[k.slice(sl.name.length + 1)] = v;
      return canonicalJson(e);
    }),
    channel: ((fields.$channel as { to: string; event: Fields }[] | undefined) ?? []).map((m) => {
      const { type: _t, ...payload } = m.event;
      return `${m.to} ${canonicalJson(payload)}`;
    }),
  };
}

describe("the flow tests' composed model agrees with the explorer's composition", () => {
  for (const c of CASES) {
    it(`on random command sequences of '${c.name}' (${c.root})`, () => {
      const { program, suite } = loaded.get(c.root)!;
      const flow = systemFlows(program).find((f) => f.name === c.name)!;
      const composed = composeFlow(program, flow, () => []);
      if (!composed.ok) throw new Error(composed.reason);
      const explorer = composed.model;
      const model = createFlowModel(suite);
      const slotsOf = (participant: string) =>
        model.slots.filter((s) => s.participant.name === participant).map((s) => s.name);
      const command = fc.oneof(
        ...suite.events.map((d) =>
          fc.record({
            slot: fc.constantFrom(...slotsOf(d.participant)),
            event: fc.constantFrom(...d.payloads),
          }),
        ),
        ...(model.hasChannel ? [fc.constant({ deliver: true as const })] : []),
      );
      let steps = 0;
      let taken = 0;
      let chained = 0;
      const kinds = new Set<string>();
      fc.assert(
        fc.property(
          fc.constantFrom(...suite.initial),
          fc.array(command, { maxLength: 25 }),
          (initial, commands) => {
            const rec = initial as Record<string, unknown>;
            const entities = model.slots.map((s) =>
              s.participant.instances === 1
                ? rec[s.participant.name]
                : (rec[s.participant.name] as unknown[])[s.index],
            ) as Fields[];
            let mine = model.initial(entities);
            let state = explorer.machine.initial;
            let fields: Fields = model.hasChannel ? { $channel: [] } : {};
            model.slots.forEach((s, i) => {
              for (const [k, v] of Object.entries(mine.snapshots[i].context))
                fields[`${s.name}.${k}`] = v;
            });
            expect(exploreView(model, state, fields)).toEqual(view(model, mine));
            for (const cmd of commands) {
              steps++;
              const event: Fields =
                "deliver" in cmd
                  ? { type: DELIVER_EVENT }
                  : {
                      ...cmd.event,
                      type: `${cmd.slot}.${cmd.event.type}`,
                    };
              const theirs = exploreStep(explorer, state, fields, event);
              const r =
                "deliver" in cmd
                  ? model.deliver(mine)
                  : model.send(
                      mine,
                      model.slots.findIndex((s) => s.name === cmd.slot),
                      cmd.event,
                    );
              kinds.add(r.kind);
              if (r.kind === "taken" && r.deliveries.length > 1) chained++;
              if (r.kind === "taken" || r.kind === "lost") {
                expect(theirs, `${canonicalJson(event)} in ${state}`).toBeDefined();
                expect(theirs!.id.startsWith("refused by")).toBe(r.kind === "lost");
                mine = r.state;
                taken++;
              } else expect(theirs, `${canonicalJson(event)} in ${state}`).toBeUndefined();
              if (theirs !== undefined) {
                state = theirs.state;
                fields = theirs.fields;
              }
              expect(exploreView(model, state, fields)).toEqual(view(model, mine));
            }
          },
        ),
        { numRuns: 300, seed: 42 },
      );
      // The sequences exercised the composition: most commands were steps either model took.
      expect(taken).toBeGreaterThan(steps / 10);
      expect([...kinds].sort()).toEqual(c.kinds);
      // Checkout's atomic steps take the consequence in the same step; the bank queues it.
      if (c.name !== "transfer") expect(chained).toBeGreaterThan(0);
    });
  }
});
