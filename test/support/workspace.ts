// Test helpers: load a directory as a core Workspace, render findings with a caret under their range,
// find ranges by text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Workspace, type AnalysisResult, type WorkspaceOptions } from '../../server/src/core/workspace.js';
import type { Finding, Range } from '../../server/src/core/model.js';
import { LineIndex } from '../../server/src/core/text/positions.js';

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

export function loadWorkspaceDir(
  dir: string,
  transform: (text: string) => string = (t) => t,
  options: WorkspaceOptions = {},
): { ws: Workspace; files: Map<string, string> } {
  const ws = new Workspace(options);
  const files = new Map<string, string>();
  for (const f of listFiles(dir)) {
    if (f.endsWith('.expected.txt')) continue;
    const text = transform(readFileSync(join(dir, f), 'utf8'));
    files.set(f, text);
    ws.setFile(f, text);
  }
  return { ws, files };
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** `file:line:col severity rule`, the message, the source line with a caret under the range, related lines. */
export function renderFindings(findings: readonly Finding[], files: Map<string, string>): string {
  const out: string[] = [];
  for (const f of findings) {
    const { file, range } = f.location;
    out.push(`${file}:${range.start.line + 1}:${range.start.character + 1} ${f.severity} ${f.rule}`);
    out.push(`  ${f.message}`);
    const text = files.get(file);
    if (text !== undefined) {
      const idx = new LineIndex(text);
      const line = idx.lineText(range.start.line);
      const width = range.end.line === range.start.line ? Math.max(1, range.end.character - range.start.character) : Math.max(1, line.length - range.start.character);
      out.push(`  ${String(range.start.line + 1).padStart(4)} | ${line}`);
      out.push(`       | ${' '.repeat(range.start.character)}${'^'.repeat(width)}`);
    }
    for (const r of f.related) {
      out.push(`  related ${r.location.file}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1} ${r.message}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The range of the `nth` occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found (occurrence ${nth})`);
  }
  const idx = new LineIndex(text);
  return idx.range(at, at + needle.length);
}

/** A Deployment `api` whose one container runs `image` and receives Secret `db` as DB_PASSWORD. */
export function deploymentWithSecret(image: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: api }',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    `          image: ${image}`,
    '          env:',
    '            - name: DB_PASSWORD',
    '              valueFrom: { secretKeyRef: { name: db, key: password } }',
    '',
  ].join('\n');
}

/**
 * Deployment `svc-i` (or `name`) in namespace shop: container app runs `image` and receives Secret
 * `db-i` as DB_PASSWORD and `creds-i` as a volume, which a busybox sidecar mounts too.
 */
export function numberedDeployment(i: number, image: string, name = `svc-${i}`): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: ${image}`,
    '          env:',
    '            - name: DB_PASSWORD',
    '              valueFrom:',
    `                secretKeyRef: { name: db-${i}, key: password }`,
    '          volumeMounts:',
    '            - { name: creds, mountPath: /etc/creds }',
    '        - name: sidecar',
    '          image: busybox:1.36',
    '          volumeMounts:',
    '            - { name: creds, mountPath: /etc/creds }',
    '      volumes:',
    '        - name: creds',
    `          secret: { secretName: creds-${i} }`,
  ].join('\n');
}

/** JSON with object keys sorted, so two equal results serialize the same whatever built them. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** An analysis as sorted-key lines, for comparing an incremental result with a fresh one. */
export function canonical(r: AnalysisResult): string[] {
  return [
    ...r.findings.map((f) => `finding ${stable(f)}`),
    // The workload and container facts are the parser's (compared through the findings); what the join adds is compared whole.
    ...r.exposures.map((e) => `exposure ${stable({ ...e, workload: e.workload.ref, container: e.container.name, image: { ...e.image, catalog: e.image.catalog?.id } })}`),
    ...r.notices.map((n) => `notice ${stable(n)}`),
  ];
}
