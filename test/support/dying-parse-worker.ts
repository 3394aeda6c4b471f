// A parse worker (files/parse-worker.ts) that answers its first batch and exits with code 3 on its
// second: a worker lost in the middle of a load, for the pool's tests.
import { parentPort } from 'node:worker_threads';
import { parseFile } from '../../server/src/core/parse-file.js';
import type { ParseAnswer, ParseBatch } from '../../server/src/files/parse-pool.js';

let batches = 0;
parentPort?.on('message', (batch: ParseBatch) => {
  if (++batches === 2) process.exit(3);
  const answer: ParseAnswer = { id: batch.id, parsed: JSON.stringify(batch.files.map((f) => parseFile(f.path, f.text, { maxFileBytes: batch.maxFileBytes }))) };
  parentPort!.postMessage(answer);
});
