/** Human names for TypeScript syntax that the expression subset rejects. */
import type { ts } from "ts-morph";
import { tsApi } from "./ts-lazy.js";

let names: Map<ts.SyntaxKind, string> | undefined;

/** The table, built on first use (it needs the TypeScript module). */
function namesTable(): Map<ts.SyntaxKind, string> {
  const K = tsApi().SyntaxKind;
  return new Map<ts.SyntaxKind, string>([
    [K.ThisKeyword, "'this'"],
    [K.SuperKeyword, "'super'"],
    [K.NewExpression, "'new'"],
    [K.DeleteExpression, "'delete'"],
    [K.TypeOfExpression, "'typeof'"],
    [K.VoidExpression, "'void'"],
    [K.AwaitExpression, "'await'"],
    [K.YieldExpression, "'yield'"],
    [K.TemplateExpression, "A template literal"],
    [K.NoSubstitutionTemplateLiteral, "A template literal"],
    [K.TaggedTemplateExpression, "A tagged template"],
    [K.SpreadElement, "Spread"],
    [K.RegularExpressionLiteral, "A regular expression"],
    [K.ObjectLiteralExpression, "An object literal"],
    [K.FunctionExpression, "A function expression"],
    [K.ClassExpression, "A class expression"],
    [K.AsExpression, "A type assertion ('as')"],
    [K.SatisfiesExpression, "'satisfies'"],
    [K.TypeAssertionExpression, "A type assertion"],
    [K.NonNullExpression, "A non-null assertion ('!')"],
    [K.BigIntLiteral, "A BigInt literal"],
    [K.PostfixUnaryExpression, "An increment or decrement"],
    [K.MetaProperty, "'import.meta' or 'new.target'"],
    [K.ImportKeyword, "'import'"],
    [K.OmittedExpression, "An array hole"],
    [K.PrivateIdentifier, "A private name"],
    [K.ExpressionWithTypeArguments, "Type arguments"],
  ]);
}

/** A short description of a syntax kind for "… is not allowed in an expression." */
export function describeKind(kind: ts.SyntaxKind): string {
  names ??= namesTable();
  return names.get(kind) ?? "This syntax";
}
