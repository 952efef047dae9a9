/**
 * Handlebars for the docs site, from one module; bundled into a single minified file by the
 * package build like vendor/yaml.ts (the package and its source-map dependency are ~45 CommonJS
 * modules).
 */
import Handlebars from "handlebars";

export default Handlebars;
