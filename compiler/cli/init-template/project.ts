/**
 * The project files `intentc init` writes next to the intent: TypeScript and vitest configs and a
 * small implementation of the example's `account-service` slice with its test, which runs the
 * generated model-based suite against it. `npm install && npx intentc build && npm test` passes.
 */

const tsconfig = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2023"],
    "types": ["node"],
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true,
    "resolveJsonModule": true
  },
  "include": ["src/**/*.ts", "generated/**/*.ts"]
}
`;

const vitestConfig = `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "generated/tests/**/*.test.ts"],
  },
});
`;

const service = `/**
 * The account service (the \`account-service\` slice): implements the generated
 * \`AccountLifecycleImplementation\` by hand. account-service.test.ts checks it against the
 * reference model with the generated model-based suite.
 */
import type { Account } from "../../generated/contracts/accounts/types.js";
import type { AccountLifecycleEvent, AccountLifecycleImplementation } from "../../generated/machines/accounts/AccountLifecycle.model.js";

/** The largest balance an account may hold, in cents (the \`Money\` type's maximum). */
export const MAX_BALANCE = 1_000_000;

/** Apply one event to an account, returning the next account; throws when it is not allowed. */
export function applyAccountEvent(account: Account, event: AccountLifecycleEvent): Account {
  if (account.status === "open") {
    if (event.type === "deposit" && account.balance + event.amount <= MAX_BALANCE) {
      return { ...account, balance: account.balance + event.amount };
    }
    if (event.type === "withdraw" && event.amount <= account.balance) {
      return { ...account, balance: account.balance - event.amount };
    }
    if (event.type === "close" && account.balance === 0) return { ...account, status: "closed" };
  }
  throw new Error(\`account \${account.id}: '\${event.type}' is not allowed while \${account.status}\`);
}

/** A fresh in-memory account service holding one account. */
export function createAccountService(): AccountLifecycleImplementation {
  let account: Account | undefined;
  const current = (): Account => {
    if (account === undefined) throw new Error("create() was not called");
    return account;
  };
  return {
    create(initial) {
      account = { ...initial };
    },
    send(event) {
      account = applyAccountEvent(current(), event);
    },
    snapshot: current,
  };
}
`;

const serviceTest = `import { describe, expect, it } from "vitest";
import { checkAccountLifecycleImplementation } from "../../generated/tests/accounts/AccountLifecycle.model-suite.js";
import { validateAccount } from "../../generated/contracts/accounts/validators.js";
import { applyAccountEvent, createAccountService } from "./account-service.js";

describe("account service", () => {
  it("agrees with the reference model, the Account contract and every invariant", () => {
    checkAccountLifecycleImplementation(createAccountService, { numRuns: 200 });
  });

  it("refuses to close an account that still holds money", () => {
    const account = { id: "acc_12345678", balance: 500, status: "open" as const };
    expect(validateAccount(account).ok).toBe(true);
    expect(() => applyAccountEvent(account, { type: "close" })).toThrow(/not allowed/);
  });
});
`;

const gitignore = `node_modules/
.intentc/
`;

/** Project-relative path → contents; existing files are kept, never overwritten. */
export const PROJECT_FILES: Readonly<Record<string, string>> = {
  "tsconfig.json": tsconfig,
  "vitest.config.ts": vitestConfig,
  "src/accounts/account-service.ts": service,
  "src/accounts/account-service.test.ts": serviceTest,
  ".gitignore": gitignore,
};
