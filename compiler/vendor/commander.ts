/**
 * The parts of `commander` the CLI uses, from one module; bundled into a single file by the
 * package build like vendor/yaml.ts (its seven modules cost ~4 ms of start-up).
 */
export { Command, CommanderError, Option } from "commander";
