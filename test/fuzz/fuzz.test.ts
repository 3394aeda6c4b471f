// The seeded fuzz suite of `npm test`: a few thousand mutated inputs (see fuzz.ts). Every class must
// come out clean: no crash, no input over 2 s, no heap growth over 200 MB, the incremental analysis
// equal to a fresh one, the cached document reading equal to a fresh one. Set SS_FUZZ_SEED to replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz, summary } from './fuzz.js';

const SEED = Number(process.env['SS_FUZZ_SEED'] ?? 20261204);
const COUNT = Number(process.env['SS_FUZZ_COUNT'] ?? 2000);

test(`seeded fuzz: ${COUNT} inputs from the fixtures and examples (seed ${SEED})`, { timeout: 600_000 }, () => {
  const c = runFuzz({ seed: SEED, count: COUNT, big: 100 });
  console.log(summary(c, SEED));
  assert.equal(c.inputs, COUNT);
  assert.deepEqual(c.failures, [], `${summary(c, SEED)}; replay with SS_FUZZ_SEED=${SEED}`);
});
