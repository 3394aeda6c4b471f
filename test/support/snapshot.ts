// Golden snapshots that never write themselves: UPDATE_GOLDENS=1 writes (and the diff is reviewed
// before committing); on any other run a missing snapshot fails, and so does a different one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const UPDATE_HINT = 'run UPDATE_GOLDENS=1 and review';

export function matchSnapshot(path: string, rendered: string, update = Boolean(process.env['UPDATE_GOLDENS'])): void {
  if (update) {
    writeFileSync(path, rendered);
    return;
  }
  assert.ok(existsSync(path), `missing snapshot ${path}: ${UPDATE_HINT} the new file`);
  assert.equal(rendered, readFileSync(path, 'utf8'), `${path} differs: ${UPDATE_HINT} the diff if the change is intended`);
}
