// The mutation fuzzer behind the seeded fuzz suite (npm test) and the long mode (npm run fuzz): inputs
// seeded from test/fixtures and examples/ and mutated the way hostile or broken files look — byte
// flips, truncation, alias and merge-key bombs, deep nesting, huge lines, CR-only/CRLF/BOM, invalid
// UTF-8, ARG loops, cyclic stages, wrong-typed build configs. Each input is analysed fresh, as an edit
// of the unmutated workspace, and read both by the cached and the fresh multi-document reader; the
// counts say what went wrong and every failure keeps its seed and input number to replay it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Workspace } from '../../server/src/core/workspace.js';
import { ChunkedManifestParser, readManifest } from '../../server/src/core/kubernetes/index.js';
import { rng, type Rng } from '../support/random-workspace.js';

export interface FuzzCounts {
  inputs: number;
  crashes: number;
  /** Inputs whose fresh analysis took longer than `hangMs`. */
  hangs: number;
  /** Inputs after which the heap had grown by more than 200 MB. */
  heapGrowth: number;
  incrementalNotFresh: number;
  chunkedNotWhole: number;
  /** The slowest input, for the summary. */
  slowestMs: number;
  failures: string[];
}

const SKIP = new Set(['node_modules', '.git', 'build', 'out']);

/** Workspaces to seed from: each fixture folder and examples/, as path → text. */
export function seedWorkspaces(roots = ['examples', 'test/fixtures', 'test/golden/rules', 'test/golden/fixes']): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  const take = (dir: string): void => {
    const files = new Map<string, string>();
    const walk = (d: string): void => {
      for (const name of readdirSync(d).sort()) {
        if (SKIP.has(name)) continue;
        const p = join(d, name);
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else if (st.size < 256 * 1024 && !name.endsWith('.expected.txt') && !name.endsWith('.md')) files.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
      }
    };
    walk(dir);
    if (files.size > 0) out.push(files);
  };
  for (const root of roots) {
    take(root);
    for (const name of readdirSync(root)) if (statSync(join(root, name)).isDirectory()) take(join(root, name));
  }
  return out;
}

type Mutator = (t: string, r: Rng, big: number) => string;

const at = (t: string, r: Rng) => r.int(t.length + 1);

/** The fuzzer's classes; `big` scales the huge ones (the fast suite keeps them small). */
export const MUTATORS: Record<string, Mutator> = {
  flip: (t, r) => {
    let s = t;
    for (let k = 1 + r.int(4); k > 0; k--) {
      const i = r.int(s.length || 1);
      s = s.slice(0, i) + String.fromCharCode(r.int(128)) + s.slice(i + 1);
    }
    return s;
  },
  truncate: (t, r) => t.slice(0, at(t, r)),
  duplicate: (t, r) => {
    const i = at(t, r);
    const j = Math.min(t.length, i + r.int(200));
    return t.slice(0, j) + t.slice(i, j) + t.slice(j);
  },
  aliasBomb: (_t, r, big) => {
    let s = 'apiVersion: v1\nkind: List\nitems:\n- &p {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [&c {name: c, image: alpine, env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]}}\n';
    for (let i = 0; i < 50 + r.int(big); i++) s += r.chance(0.5) ? '- *p\n' : `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [*c, *c]}}\n`;
    return s;
  },
  mergeBomb: (_t, r) => {
    let s = 'a0: &a0 {image: alpine, x: 1}\n';
    const n = 5 + r.int(30);
    for (let i = 1; i < n; i++) s += `a${i}: &a${i} {<<: [${Array.from({ length: 1 + r.int(4) }, () => `*a${i - 1}`).join(', ')}], k${i}: 1}\n`;
    return `${s}apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec: {containers: [{name: c, <<: *a${n - 1}}]}\n`;
  },
  deepNesting: (_t, r, big) => {
    const n = 100 + r.int(big);
    return r.chance(0.5) ? `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(n)}${r.chance(0.5) ? ']'.repeat(n) : ''}\n` : `apiVersion: v1\nkind: Pod\nspec:\n${Array.from({ length: Math.min(n, 500) }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`;
  },
  hugeLine: (t, r, big) => {
    const i = at(t, r);
    return `${t.slice(0, i)}${'x'.repeat(big * 100 + r.int(big * 100))}${t.slice(i)}`;
  },
  crOnly: (t) => t.replace(/\r?\n/g, '\r'),
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  mixedBreaks: (t, r) => t.replace(/\r?\n/g, () => r.pick(['\n', '\r\n', '\r'])),
  bom: (t) => `\uFEFF${t}`,
  invalidUtf8: (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + r.pick(['\uFFFD', '\uD800', '\uDFFF', '\u0000', '\u2028', '\uFEFF']) + t.slice(i);
  },
  argLoop: (_t, r) => {
    const n = 2 + r.int(30);
    let s = '';
    for (let i = 0; i < n; i++) s += r.chance(0.3) ? `ARG A${i}=\${A${(i + 1) % n}}\n` : `ARG A${i}=\${A${Math.max(0, i - 1)}}\${A${Math.max(0, i - 1)}}\n`;
    return `ARG A0=x\n${s}FROM alpine:\${A${n - 1}}\nRUN apk add curl\n`;
  },
  cyclicStages: (_t, r) => {
    const n = 2 + r.int(5);
    return Array.from({ length: n }, (_, i) => `FROM s${(i + 1) % n} AS s${i}\nRUN apt-get install -y curl\n`).join('') + `FROM s${r.int(n)}\n`;
  },
  wrongTypes: (_t, r) =>
    r.pick([
      'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts: 5\n',
      'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n  - image: [a, b]\n    docker: {dockerfile: {x: 1}}\n',
      'services: [a, b]\n',
      'services:\n  api:\n    build: 7\n    image: {x: 1}\n',
      'version: 1\nimages: [1, 2]\nexclude: {a: b}\nrules: [x]\ncatalog: 3\n',
      `version: 1\nexclude: ["${'{a,b,c}/'.repeat(9)}x", "${'**/'.repeat(60)}x"]\n`,
    ]),
};

const YAML = /\.ya?ml$/i;

function projection(ws: Workspace): string {
  const r = ws.analyze();
  const findings = r.findings.map((f) => [f.rule, f.severity, f.location.file, f.location.range, f.message, f.related.map((x) => [x.location.file, x.location.range, x.message])]);
  const notices = r.notices.map((n) => [n.file, n.severity, n.range ?? null, n.message]);
  return JSON.stringify([findings.sort(cmp), notices.sort(cmp)]);
}

function cmp(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A target file name for a generated input of `kind`. */
function nameFor(mutator: string, r: Rng, original: string | undefined): string {
  if (mutator === 'argLoop' || mutator === 'cyclicStages') return `fuzz/${r.int(3)}/Dockerfile`;
  if (mutator === 'wrongTypes') return r.pick(['skaffold.yaml', 'docker-compose.yaml', '.secret-surface.yaml']);
  if (mutator === 'aliasBomb' || mutator === 'mergeBomb' || mutator === 'deepNesting') return `fuzz/${mutator}.yaml`;
  return original ?? 'fuzz/x.yaml';
}

export interface FuzzOptions {
  seed: number;
  count: number;
  hangMs?: number;
  /** Scale of the huge mutators (characters ≈ big × 150). */
  big?: number;
  /** Called after each input (progress). */
  onInput?: (i: number, counts: FuzzCounts) => void;
}

export function runFuzz(opts: FuzzOptions): FuzzCounts {
  const r = rng(opts.seed);
  const seeds = seedWorkspaces();
  const names = Object.keys(MUTATORS);
  const hangMs = opts.hangMs ?? 2000;
  const big = opts.big ?? 200;
  const counts: FuzzCounts = { inputs: 0, crashes: 0, hangs: 0, heapGrowth: 0, incrementalNotFresh: 0, chunkedNotWhole: 0, slowestMs: 0, failures: [] };
  const fail = (kind: string, i: number, what: string, detail: string): void => {
    if (counts.failures.length < 50) counts.failures.push(`${kind} at input ${i} (seed ${opts.seed}, ${what}): ${detail.split('\n')[0]!.slice(0, 300)}`);
  };
  // One workspace per seed folder, kept across inputs: each input is an edit to it and then undone.
  const live = new Map<number, Workspace>();
  for (let i = 0; i < opts.count; i++) {
    const si = r.int(seeds.length);
    const files = seeds[si]!;
    const paths = [...files.keys()];
    const mutator = r.pick(names);
    const original = paths.length ? r.pick(paths) : undefined;
    const target = nameFor(mutator, r, original);
    const text = MUTATORS[mutator]!(files.get(target) ?? (original ? files.get(original)! : ''), r, big);
    const what = `${mutator} of ${target}`;
    counts.inputs++;
    const heapBefore = process.memoryUsage().heapUsed;
    let freshView: string | undefined;
    const t0 = performance.now();
    try {
      const fresh = new Workspace();
      for (const [p, t] of files) if (p !== target) fresh.setFile(p, t);
      fresh.setFile(target, text);
      freshView = projection(fresh);
    } catch (e) {
      counts.crashes++;
      fail('crash', i, what, (e as Error).stack ?? String(e));
    }
    const ms = performance.now() - t0;
    counts.slowestMs = Math.max(counts.slowestMs, ms);
    if (ms > hangMs) {
      counts.hangs++;
      fail('hang', i, what, `${Math.round(ms)} ms`);
    }
    if (freshView !== undefined) {
      try {
        let ws = live.get(si);
        if (!ws) {
          ws = new Workspace();
          for (const [p, t] of files) ws.setFile(p, t);
          ws.analyze();
          live.set(si, ws);
        }
        ws.setFile(target, text);
        if (projection(ws) !== freshView) {
          counts.incrementalNotFresh++;
          fail('incremental≠fresh', i, what, 'the edited workspace differs from a fresh analysis');
        }
        // Undo the edit, so the next input starts from the seed again (and the undo is checked too).
        if (files.has(target)) ws.setFile(target, files.get(target)!);
        else ws.removeFile(target);
      } catch (e) {
        counts.crashes++;
        live.delete(si);
        fail('crash', i, `${what} (incremental)`, (e as Error).stack ?? String(e));
      }
    }
    if (YAML.test(target)) {
      try {
        const parser = new ChunkedManifestParser();
        if (files.has(target)) parser.parse(target, files.get(target)!);
        if (JSON.stringify(parser.parse(target, text)) !== JSON.stringify(readManifest(target, text))) {
          counts.chunkedNotWhole++;
          fail('chunked≠whole', i, what, 'the cached document reading differs from a fresh reading');
        }
      } catch (e) {
        counts.crashes++;
        fail('crash', i, `${what} (reader)`, (e as Error).stack ?? String(e));
      }
    }
    if (process.memoryUsage().heapUsed - heapBefore > 200 * 1024 * 1024) {
      counts.heapGrowth++;
      fail('heap', i, what, `heap grew by ${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1048576)} MB`);
    }
    opts.onInput?.(i, counts);
  }
  return counts;
}

export function summary(c: FuzzCounts, seed: number): string {
  return `fuzz: seed ${seed}, ${c.inputs} inputs, ${c.crashes} crashes, ${c.hangs} hangs (> 2 s), ${c.heapGrowth} heap growth > 200 MB, ${c.incrementalNotFresh} incremental≠fresh, ${c.chunkedNotWhole} chunked≠whole (slowest input ${Math.round(c.slowestMs)} ms)`;
}
