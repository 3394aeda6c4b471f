// A parse worker of the pool (parse-pool.ts): each message is a batch of manifests and Dockerfiles,
// each answer their facts from the core's parseFile, in the same order, as JSON text (see ParseAnswer).
// A file whose parse throws is answered with `null`, and the pool parses it again on its own thread, so it fails there
// exactly as it would without workers. Build configs and the config file never come here (the bake
// reader's HCL parser is not loaded in a worker).
import { parentPort } from 'node:worker_threads';
import { parseFile, type ParsedFile } from '../core/parse-file.js';
import type { ParseBatch, ParseAnswer } from './parse-pool.js';

parentPort?.on('message', (batch: ParseBatch) => {
  const parsed: (ParsedFile | null)[] = batch.files.map((f) => {
    try {
      return parseFile(f.path, f.text, { maxFileBytes: batch.maxFileBytes });
    } catch {
      return null;
    }
  });
  const answer: ParseAnswer = { id: batch.id, parsed: JSON.stringify(parsed) };
  parentPort!.postMessage(answer);
});
