// `scan --format html` and `--format markdown` run as a user runs them (the bundled CLI): the HTML
// report holds the page model as data, inline style and script whose hashes are exactly the ones its
// policy allows, and nothing from the network; Markdown is the bounded pull-request table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { unpackModel, type PackedModel } from '../../server/src/core/report-page/pack.js';

function scan(...args: string[]) {
  return spawnSync(process.execPath, ['server/out/cli.js', 'scan', 'examples', '--no-render', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('scan --format html: one self-contained document whose policy allows exactly its own style and script', () => {
  const r = scan('--format', 'html', '--fail-on', 'never');
  assert.equal(r.status, 0, r.stderr);
  const html = r.stdout;
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  assert.equal(csp, `default-src 'none'; style-src ${sha(style)}; script-src ${sha(script)}; img-src data:; base-uri 'none'; form-action 'none'`);
  assert.ok(script.length > 2000, 'the page script is inlined');
  assert.doesNotMatch(html, /\bsrc=|<link\b/i, 'nothing is loaded');
  const model = unpackModel(JSON.parse(/<script type="application\/json" id="ss-model">([\s\S]*?)<\/script>/.exec(html)![1]!) as PackedModel);
  assert.equal(model.title, 'Secret exposure — examples/');
  const api = model.rows.find((row) => row.name === 'api')!;
  assert.equal(api.manifest.file, 'k8s/api.yaml');
  assert.deepEqual(Object.keys(api.secrets).sort(), ['api-db', 'api-tls']);
  // The Helm template under examples/charts is said, not silently left out.
  assert.ok(model.notes.some((n) => /^charts\/cache\/templates\/deployment\.yaml: Helm template/.test(n)), model.notes.join('\n'));
});

test('scan --format markdown: the bounded table, exposed first', () => {
  const r = scan('--format', 'markdown', '--fail-on', 'never');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^### Secret exposure — examples\//);
  assert.match(r.stdout, /\| Workload \| Namespace \| Container \| Image \| Hardening \|/);
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Workload'));
  assert.ok(rows.length >= 5, r.stdout);
  assert.match(rows[0]!, /\| exposed \|/);
  assert.ok(r.stdout.length < 60_000);
});
