// Plain Node, no TypeScript and no build step: the generated validators are ES modules
// (generated/package.json says so) and import only @intentc/runtime.
//   node examples/shop/app.mjs
import { validateOrder } from "../../generated/contracts/orders/validators.js";

const order = { id: "ord_a1b2c3d4", items: [{ sku: "TEA-0001", qty: 2, price: 450 }], total: 900, paid: 0, status: "draft" };
const typo = { ...order, id: "ORDER-1", paid: -5 };

for (const [name, value] of [["order", order], ["typo", typo]]) {
  const r = validateOrder(value);
  if (r.ok) console.log(`${name}: valid`);
  else console.log(`${name}: invalid — ${r.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
}
