// Copies the intent meta-schema (generated/intent.schema.json of the intentc checkout) next to
// the extension, where `contributes.yamlValidation` points the YAML extension to it.
"use strict";
const { copyFileSync } = require("node:fs");
const { join } = require("node:path");
copyFileSync(
  join(__dirname, "..", "..", "generated", "intent.schema.json"),
  join(__dirname, "intent.schema.json"),
);
