// `npm run fuzz`: the long mode of the fuzzer (100,000 inputs unless SS_FUZZ_COUNT says otherwise),
// printing progress and one summary line: inputs, crashes, hangs, heap growth, incremental≠fresh and
// chunked≠whole counts, then the first failures with their input numbers. Exit 1 when any count is not 0.
import { runFuzz, summary } from './fuzz.js';

const seed = Number(process.env['SS_FUZZ_SEED'] ?? Date.now() % 1_000_000_007);
const count = Number(process.env['SS_FUZZ_COUNT'] ?? 100_000);
const started = Date.now();
const c = runFuzz({
  seed,
  count,
  onInput: (i, counts) => {
    if ((i + 1) % 1000 === 0) process.stderr.write(`${summary(counts, seed)} — ${Math.round((Date.now() - started) / 1000)} s\n`);
  },
});
console.log(summary(c, seed));
for (const f of c.failures.slice(0, 20)) console.log(`  ${f}`);
process.exitCode = c.failures.length ? 1 : 0;
