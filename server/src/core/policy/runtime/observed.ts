// The observed-process baseline (`--baseline FILE`): what a profiling run saw each process read, which widens
// the set of processes a runtime policy allows to read Secret files. JSON or YAML, documented in
// docs/runtime-baseline.md:
//
//   version: 1
//   observed:
//     - namespace: shop          # optional: every namespace when left out
//       workload: api            # optional: the workload's name
//       container: api           # optional
//       process: /usr/local/bin/node
//       files: [/etc/api/tls/tls.key]
//
// Reading never throws: a malformed file gives every problem with its place (`observed[2].files[0]: …`).
import { readYamlValue } from '../../yaml/index.js';
import type { WorkloadRef } from '../../model.js';

export interface ObservedEntry {
  namespace?: string;
  workload?: string;
  container?: string;
  /** The binary as the profiler recorded it: an absolute path, or a bare name. */
  process: string;
  /** Absolute paths it read. */
  files: string[];
}

export interface ObservedBaseline {
  version: 1;
  observed: ObservedEntry[];
}

export type ObservedResult = { ok: true; baseline: ObservedBaseline } | { ok: false; errors: string[] };

const ENTRY_KEYS = new Set(['namespace', 'workload', 'container', 'process', 'files']);
/** Bounded: a baseline is a human-reviewed list, not a trace dump. */
export const MAX_OBSERVED_ENTRIES = 10_000;

export function parseObservedBaseline(text: string): ObservedResult {
  const read = readYamlValue(text);
  if (!read.ok) return { ok: false, errors: read.errors.map((e) => `not valid JSON or YAML: ${e}`) };
  const value = read.value;
  const errors: string[] = [];
  if (!isRecord(value)) return { ok: false, errors: ['the baseline must be a mapping with `version: 1` and an `observed` list'] };
  for (const k of Object.keys(value)) if (k !== 'version' && k !== 'observed') errors.push(`unknown key \`${k}\` (expected version, observed)`);
  if (value['version'] === undefined) errors.push('`version` is missing (write `version: 1`)');
  else if (value['version'] !== 1) errors.push(`\`version\` must be 1, not ${JSON.stringify(value['version'])}`);
  const list = value['observed'];
  const observed: ObservedEntry[] = [];
  if (!Array.isArray(list)) errors.push('`observed` must be a list of { process, files } entries');
  else if (list.length > MAX_OBSERVED_ENTRIES) errors.push(`\`observed\` has ${list.length} entries; at most ${MAX_OBSERVED_ENTRIES} are read`);
  else {
    list.forEach((raw: unknown, i) => {
      const at = `observed[${i}]`;
      if (!isRecord(raw)) {
        errors.push(`${at}: must be a mapping with process and files`);
        return;
      }
      for (const k of Object.keys(raw)) if (!ENTRY_KEYS.has(k)) errors.push(`${at}: unknown key \`${k}\` (expected ${[...ENTRY_KEYS].join(', ')})`);
      const entry: ObservedEntry = { process: '', files: [] };
      const process = raw['process'];
      if (typeof process !== 'string' || process.trim() === '') errors.push(`${at}.process: must be the binary's path or name`);
      else if (/\s/.test(process)) errors.push(`${at}.process: "${process}" is a command line; give the binary only`);
      else entry.process = process;
      const files = raw['files'];
      if (!Array.isArray(files)) errors.push(`${at}.files: must be a list of absolute paths`);
      else {
        files.forEach((f: unknown, j) => {
          if (typeof f !== 'string' || !f.startsWith('/')) errors.push(`${at}.files[${j}]: must be an absolute path, not ${JSON.stringify(f)}`);
          else entry.files.push(f);
        });
      }
      for (const k of ['namespace', 'workload', 'container'] as const) {
        const v = raw[k];
        if (v === undefined) continue;
        if (typeof v !== 'string' || v === '') errors.push(`${at}.${k}: must be a non-empty string`);
        else entry[k] = v;
      }
      observed.push(entry);
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, baseline: { version: 1, observed } };
}

/** The entries that apply to one container, with their index in the file. */
export function observedFor(b: ObservedBaseline, w: WorkloadRef, container: string): { entry: ObservedEntry; index: number }[] {
  const out: { entry: ObservedEntry; index: number }[] = [];
  b.observed.forEach((entry, index) => {
    if (entry.namespace !== undefined && entry.namespace !== w.namespace) return;
    if (entry.workload !== undefined && entry.workload !== w.name) return;
    if (entry.container !== undefined && entry.container !== container) return;
    out.push({ entry, index });
  });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
