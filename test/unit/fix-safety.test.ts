// Fix safety under hostile names: over every fixture workspace and a generated adversarial set (Secret,
// key, env var, namespace, workload and container names holding `../`, newlines, quotes, unicode,
// absolute paths), no offered fix edits or creates a file outside the workspace, every file it leaves
// re-parses with `yaml`, and a fix that would need an invalid name is offered disabled with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import posix from 'node:path/posix';
import { parseAllDocuments } from 'yaml';
import { Workspace } from '../../server/src/core/workspace.js';
import { applyFix, fixesFor, unsafeFix, unsafePath, type Fix } from '../../server/src/core/fixes/index.js';
import { isValidName } from '../../server/src/core/kubernetes/names.js';
import { outsideRoot } from '../../server/src/lsp/code-actions.js';
import { loadWorkspaceDir } from '../support/workspace.js';

const HOSTILE = [
  '../../../../tmp/x',
  '../x',
  '..',
  '.',
  'a/b',
  '/etc/passwd',
  'C:\\x',
  '..\\..\\x',
  'a\nkind: Pod',
  'x\n---\nkind: Secret',
  'x" : y',
  "x' #",
  'a: b',
  '#c',
  '{a}',
  '[a]',
  '-',
  'café',
  'Ωmega',
  'a\u2028b',
  'x\u0000y',
  'UPPER',
  'x'.repeat(300),
  ' space',
  '*alias',
  '&anchor',
];

const isYaml = (f: string) => /\.ya?ml$/i.test(f);

function manifest(n: { secret: string; key: string; env: string; ns: string; workload: string; container: string }): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${q(n.workload)}`,
    `  namespace: ${q(n.ns)}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${q(n.container)}`,
    '          image: alpine:3.20',
    '          env:',
    `            - name: ${q(n.env)}`,
    '              valueFrom:',
    '                secretKeyRef:',
    `                  name: ${q(n.secret)}`,
    `                  key: ${q(n.key)}`,
    '          volumeMounts:',
    '            - name: creds',
    '              mountPath: /etc/creds',
    '      volumes:',
    '        - name: creds',
    '          secret:',
    `            secretName: ${q(n.secret)}`,
    '',
  ].join('\n');
}

const VALID = { secret: 'db-creds', key: 'password', env: 'DB_PASSWORD', ns: 'shop', workload: 'api', container: 'api' };

/** One workspace per hostile value in each name slot, plus the all-valid control. */
function adversarial(): { label: string; files: Map<string, string>; names: typeof VALID }[] {
  const out = [{ label: 'valid', files: new Map([['k8s/app.yaml', manifest(VALID)]]), names: VALID }];
  for (const slot of Object.keys(VALID) as (keyof typeof VALID)[]) {
    for (const h of HOSTILE) {
      const names = { ...VALID, [slot]: h };
      out.push({ label: `${slot}=${JSON.stringify(h).slice(0, 40)}`, files: new Map([['k8s/app.yaml', manifest(names)]]), names });
    }
  }
  return out;
}

function fixtureDirs(): string[] {
  const dirs = ['examples', 'test/fixtures/fixes/variants', 'test/fixtures/fixes/lsp-shop', 'test/fixtures/editor-fixes/shop', 'test/fixtures/kubernetes'];
  for (const rule of readdirSync('test/golden/rules')) for (const v of ['fires', 'passes']) dirs.push(join('test/golden/rules', rule, v));
  for (const id of readdirSync('test/golden/fixes')) if (existsSync(join('test/golden/fixes', id, 'input'))) dirs.push(join('test/golden/fixes', id, 'input'));
  return dirs.filter((d) => existsSync(d));
}

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message.split('\n')[0]!) : []));
}

/** Checks every fix on every finding; returns failures and counts of offered / disabled fixes per id. */
function checkWorkspace(label: string, files: Map<string, string>, failures: string[]) {
  const ws = new Workspace();
  for (const [f, t] of files) ws.setFile(f, t);
  const offered = new Map<string, Fix[]>();
  const disabled = new Map<string, Fix[]>();
  for (const finding of ws.analyze().findings) {
    for (const fix of fixesFor(ws, finding)) {
      const into = fix.unavailable ? disabled : offered;
      into.set(fix.id, [...(into.get(fix.id) ?? []), fix]);
      if (fix.unavailable) {
        if (fix.edits.length) failures.push(`${label}: ${fix.id} is disabled but carries edits`);
        continue;
      }
      for (const c of fix.edits) {
        const norm = posix.normalize(c.file);
        if (c.file.startsWith('/') || norm.startsWith('../') || norm === '..' || c.file.includes('\\') || /[\u0000-\u001f]/.test(c.file)) {
          failures.push(`${label}: ${fix.id} touches ${JSON.stringify(c.file)}, outside the workspace`);
        }
        if (c.kind === 'edit' && !files.has(c.file)) failures.push(`${label}: ${fix.id} edits ${c.file}, which is not a workspace file`);
      }
      let after: Map<string, string>;
      try {
        after = applyFix(fix, (f) => files.get(f));
      } catch (e) {
        failures.push(`${label}: ${fix.id} cannot be applied: ${(e as Error).message}`);
        continue;
      }
      for (const [f, t] of after) {
        if (!isYaml(f)) continue;
        const before = files.has(f) ? yamlErrors(files.get(f)!).length : 0;
        const errs = yamlErrors(t);
        if (errs.length > before) failures.push(`${label}: ${fix.id} leaves ${f} unparsable: ${errs[0]}`);
      }
    }
  }
  return { offered, disabled };
}

test('names: Kubernetes validation accepts real names and rejects every hostile one', () => {
  for (const ok of ['db-creds', 'a.b.c', 'x1']) assert.ok(isValidName('secret', ok), ok);
  for (const ok of ['DB_PASSWORD', 'a.b-c', '_x']) assert.ok(isValidName('env', ok), ok);
  for (const ok of ['password', '.dockerconfigjson', 'tls.crt', 'A_b-c']) assert.ok(isValidName('key', ok), ok);
  for (const h of HOSTILE) {
    assert.ok(!isValidName('secret', h), `secret ${JSON.stringify(h)}`);
    assert.ok(!isValidName('namespace', h), `namespace ${JSON.stringify(h)}`);
    assert.ok(!isValidName('label', h), `label ${JSON.stringify(h)}`);
  }
  for (const h of ['../x', '..', '.', 'a/b', 'a\nb', 'x"y', 'café', 'a: b', 'x\u0000y']) assert.ok(!isValidName('key', h), `key ${JSON.stringify(h)}`);
  for (const h of ['../x', 'a/b', 'a\nb', 'x"y', 'café', 'a: b', 'x\u0000y', '1A']) assert.ok(!isValidName('env', h), `env ${JSON.stringify(h)}`);
});

test('the core path check: only plain, normalised workspace-relative paths pass', () => {
  for (const ok of ['a.yaml', 'k8s/db-secret-provider-class.yaml', 'a/b.c/d.yaml']) assert.equal(unsafePath(ok), undefined, ok);
  for (const bad of ['../x.yaml', 'k8s/../../x.yaml', '/etc/x', 'C:/x', 'a\\..\\..\\x', 'a/./b', 'a//b', '', '.', 'a\nb.yaml', 'x\u0000']) {
    assert.ok(unsafePath(bad), `${JSON.stringify(bad)} passed`);
  }
  assert.match(unsafeFix({ edits: [{ kind: 'create', file: 'k8s/x.yaml', text: 'a: [\n' }] }) ?? '', /does not parse/);
  assert.match(unsafeFix({ edits: [{ kind: 'create', file: 'k8s/../../x.yaml', text: 'a: 1\n' }] }) ?? '', /outside the workspace/);
  assert.equal(unsafeFix({ edits: [{ kind: 'create', file: 'k8s/x.yaml', text: 'a: 1\n' }] }), undefined);
});

test('adversarial names: no fix leaves the workspace or writes YAML that does not parse; invalid names disable the Secret fixes with the reason', () => {
  const failures: string[] = [];
  let disabledForName = 0;
  for (const { label, files, names } of adversarial()) {
    const { offered, disabled } = checkWorkspace(label, files, failures);
    const podValid = isValidName('secret', names.secret) && isValidName('namespace', names.ns) && isValidName('object', names.workload) && isValidName('label', names.container);
    // The volume fix writes the Secret, namespace, workload and container names; the env fix also the key and variable.
    const validFor: Record<string, boolean> = {
      'secret-volume-to-csi': podValid,
      'env-secret-to-file': podValid && isValidName('key', names.key) && isValidName('env', names.env),
    };
    for (const id of ['secret-volume-to-csi', 'env-secret-to-file']) {
      if (validFor[id]) {
        // The control: with valid names both Secret fixes are offered, and what they create names the Secret.
        const fixes = offered.get(id) ?? [];
        if (fixes.length === 0) failures.push(`${label}: ${id} is not offered with valid names`);
        for (const fix of fixes) {
          for (const c of fix.edits) {
            if (c.kind !== 'create') continue;
            const doc = parseAllDocuments(c.text)[0];
            const name = doc && 'getIn' in doc ? doc.getIn(['metadata', 'name']) : undefined;
            if (name !== names.secret) failures.push(`${label}: ${id} creates ${c.file} naming ${String(name)}`);
          }
        }
      } else if (offered.get(id)?.length) {
        failures.push(`${label}: ${id} is offered although a name is invalid: ${offered.get(id)!.map((f) => f.edits.map((c) => c.file).join(',')).join(' ')}`);
      } else if (disabled.get(id)?.some((f) => /is not (a|an) /.test(f.unavailable ?? ''))) {
        disabledForName++;
      }
    }
  }
  assert.deepEqual(failures, []);
  // Every hostile workspace has a secret-as-env-var finding, so the env fix is disabled with a reason in
  // each (but where a hostile value is a valid env var name or key, which it may be).
  assert.ok(disabledForName >= HOSTILE.length * 5, `only ${disabledForName} fixes were disabled with a name reason`);
});

test('every fixture workspace: no fix leaves the workspace, and every file it leaves re-parses', () => {
  const failures: string[] = [];
  let offered = 0;
  for (const dir of fixtureDirs()) {
    const { files } = loadWorkspaceDir(dir);
    const r = checkWorkspace(dir, files, failures);
    for (const v of r.offered.values()) offered += v.length;
  }
  assert.deepEqual(failures, []);
  assert.ok(offered > 50, `only ${offered} fixes were offered over the fixtures`);
});

test('the language server adapter: a file reached through a symbolic link out of the folder is refused', () => {
  const base = mkdtempSync(join(tmpdir(), 'ss-fix-safety-'));
  try {
    const root = join(base, 'ws');
    const outside = join(base, 'outside');
    mkdirSync(join(root, 'k8s'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, join(root, 'k8s', 'linked'));
    assert.equal(outsideRoot(root, 'k8s/new.yaml'), undefined);
    assert.equal(outsideRoot(root, 'k8s/deeper/new.yaml'), undefined);
    assert.match(outsideRoot(root, 'k8s/linked/new.yaml') ?? '', /outside the workspace folder/);
    assert.match(outsideRoot(root, 'k8s/linked/a/b.yaml') ?? '', /outside the workspace folder/);
    assert.match(outsideRoot(root, '../outside/x.yaml') ?? '', /outside the workspace folder/);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
