/**
 * The intent files `intentc init` writes: a system file whose gates a fresh project passes (tsc
 * and vitest, both installed by the scaffolded package.json; vitest loads its config with
 * `--configLoader runner` because the sandbox mounts node_modules read-only) and one domain.
 */

const modeline = "# yaml-language-server: $schema=../generated/intent.schema.json\n";

/** File name → contents. */
export const INIT_FILES: Readonly<Record<string, string>> = {
  "system.intent.yaml": `${modeline}intent: 1
system: myapp
version: 0.1.0
summary: Describe your system in one line.

gates:
  typecheck: { stage: static, command: [npx, --no-install, tsc, --noEmit, -p, .] }
  test: { stage: test, command: [npx, --no-install, vitest, run, --configLoader, runner] }

risk:
  tiers:
    low: { approvals: 0, retries: 2, gates: [typecheck, test] }
    high: { approvals: 1, retries: 1, gates: [typecheck, test] }
`,
  "accounts.intent.yaml": `${modeline}intent: 1
domain: accounts
version: 0.1.0
summary: Customer accounts with a balance that never goes negative.
owners: [team-accounts]
risk: high

types:
  Money: { type: integer, minimum: 0, maximum: 1000000, description: Amount in cents }
  Amount: { type: integer, minimum: 1, maximum: 1000000 }
  AccountId: { type: string, pattern: "^acc_[a-z0-9]{8}$" }

entities:
  Account:
    key: id
    fields:
      id: AccountId
      balance: Money
      status: AccountLifecycle

events:
  deposit: { fields: { amount: Amount } }
  withdraw: { fields: { amount: Amount } }
  close: {}

machines:
  AccountLifecycle:
    entity: Account
    initial: open
    init: { balance: 0 }
    states:
      open:
        on:
          deposit: { guard: "balance + event.amount <= 1000000", set: { balance: "balance + event.amount" } }
          withdraw: { guard: "event.amount <= balance", set: { balance: "balance - event.amount" } }
          close: { to: closed, guard: "balance == 0" }
      closed: { final: true }

invariants:
  ACC-1:
    says: A balance never goes negative
    holds: "balance >= 0"
    severity: critical
  ACC-2:
    says: Closed accounts hold no money
    when: "status == 'closed'"
    holds: "balance == 0"

slices:
  account-service:
    says: Implement accounts behind the account lifecycle
    implements: [AccountLifecycle]
    writes: ["src/accounts/**"]
    tools: [read, edit, test]
    network: []
`,
};
