/** Identifier and file-name casing (compiler/shared/naming.ts, shared with expr/). */
export { camelCase, kebabCase, pascalCase, propKey, safeIdent } from "../shared/naming.js";
