/**
 * Rewriting and printing expression trees, for symbolic reasoning over them (the linear
 * normaliser, linear.ts, and the explorer's conservation proof): {@link mapExpr} rebuilds a tree
 * bottom-up with some nodes replaced, {@link printCanonical} prints a tree fully parenthesised so
 * that two trees print alike only when they are the same tree (then they evaluate alike).
 */
import type { ExprNode } from "./ast.js";

/** A node without a source position (offsets 0), for trees built by rewriting. */
export function synthetic<K extends ExprNode["kind"]>(
  node: Omit<Extract<ExprNode, { kind: K }>, "start" | "end" | "paren"> & { kind: K },
): ExprNode {
  return { start: 0, end: 0, ...node } as unknown as ExprNode;
}

/**
 * `node` with every node for which `replace` returns a tree replaced by it (its children are not
 * visited), and the other nodes rebuilt from their rewritten children.
 */
export function mapExpr(node: ExprNode, replace: (n: ExprNode) => ExprNode | undefined): ExprNode {
  const r = replace(node);
  if (r !== undefined) return r;
  const m = (n: ExprNode) => mapExpr(n, replace);
  switch (node.kind) {
    case "member":
    case "index":
      return { ...node, object: m(node.object) };
    case "lookup":
      return { ...node, object: m(node.object), key: m(node.key) };
    case "record":
      return { ...node, props: node.props.map((p) => ({ ...p, value: m(p.value) })) };
    case "quant":
      return { ...node, map: m(node.map), arrow: m(node.arrow) };
    case "unary":
      return { ...node, operand: m(node.operand) };
    case "binary":
      return { ...node, left: m(node.left), right: m(node.right) };
    case "conditional":
      return { ...node, test: m(node.test), then: m(node.then), else: m(node.else) };
    case "array":
      return { ...node, elements: node.elements.map(m) };
    case "arrow":
      return { ...node, body: m(node.body) };
    case "helper":
      return { ...node, receiver: m(node.receiver), args: node.args.map(m) };
    case "math":
      return { ...node, args: node.args.map(m) };
    default:
      return node;
  }
}

/**
 * The canonical text of a tree: every compound node in parentheses, strings as JSON, names as
 * they are (a rewritten tree may use qualified names such as `order.paid`). `==` and `===` print
 * differently (they mean the same; printing them apart only makes fewer trees alike).
 */
export function printCanonical(node: ExprNode): string {
  const p = printCanonical;
  switch (node.kind) {
    case "number":
      return Object.is(node.value, -0) ? "-0" : String(node.value);
    case "string":
      return JSON.stringify(node.value);
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
    case "undefined":
      return "undefined";
    case "name":
      return node.name;
    case "member":
      return `${p(node.object)}.${node.property}`;
    case "index":
      return `${p(node.object)}[${node.index}]`;
    case "lookup":
      return `${p(node.object)}[${p(node.key)}]`;
    case "record":
      return `{${node.props.map((x) => `${JSON.stringify(x.name)}: ${p(x.value)}`).join(", ")}}`;
    case "quant":
      return `${node.fn}(${p(node.map)}, ${p(node.arrow)})`;
    case "unary":
      return `(${node.op}${p(node.operand)})`;
    case "binary":
      return `(${p(node.left)} ${node.op} ${p(node.right)})`;
    case "conditional":
      return `(${p(node.test)} ? ${p(node.then)} : ${p(node.else)})`;
    case "array":
      return `[${node.elements.map(p).join(", ")}]`;
    case "arrow":
      return `((${node.params.join(", ")}) => ${p(node.body)})`;
    case "helper":
      return `${p(node.receiver)}.${node.method}(${node.args.map(p).join(", ")})`;
    case "math":
      return `Math.${node.fn}(${node.args.map(p).join(", ")})`;
  }
}
