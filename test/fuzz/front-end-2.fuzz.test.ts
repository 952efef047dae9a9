/** Large-count fuzz of the front end, shard 2 of 2 (`npm run fuzz`: FUZZ_RUNS=100000 in total). */
import { fuzzShard } from "./shard.js";

fuzzShard(1);
