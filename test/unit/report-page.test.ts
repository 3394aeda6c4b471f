// The exposure page's model (core/report-page): rows and Secret columns from the exposure report,
// cells that link to file and line, text filtering, stable sorting, grouping by workload, image and
// Secret, the layered graph, the Markdown table's bounds and the HTML document's policy and escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadWorkspaceDir } from '../support/workspace.js';
import { buildPageModel, type PageModel } from '../../server/src/core/report-page/model.js';
import { cellOf, cellText } from '../../server/src/core/report-page/cells.js';
import { filterRows, groupItems, itemRows, sortRows, viewItems } from '../../server/src/core/report-page/view.js';
import { buildGraph } from '../../server/src/core/report-page/graph.js';
import { toMarkdown } from '../../server/src/core/report-page/markdown.js';
import { embedJson, fileCsp, pageDocument } from '../../server/src/core/report-page/html.js';
import { packModel, unpackModel } from '../../server/src/core/report-page/pack.js';
import type { ExposureRow } from '../../server/src/core/report.js';

const examples = (): PageModel => buildPageModel(loadWorkspaceDir('examples').ws.analyze().report, { title: 'examples' });
const row = (m: PageModel, name: string) => m.rows.find((r) => r.name === name)!;

test('rows carry namespace, each Secret with how it arrives and where, the tools with their origin, token and link', () => {
  const m = examples();
  assert.deepEqual(m.secrets, [...m.secrets].sort());
  for (const s of ['api-db', 'api-tls', 'postgres-superuser', 'smtp-credentials']) assert.ok(m.secrets.includes(s), s);
  assert.ok(m.columns.some((c) => c.id === 'secret:api-db'));
  assert.ok(!m.columns.some((c) => c.id === 'cves'), 'no CVE column without vulnerability reports');
  const api = row(m, 'api');
  assert.equal(api.namespace, 'shop');
  assert.deepEqual(api.secrets['api-db']!.map((d) => d.channel), ['env']);
  assert.deepEqual(api.secrets['api-tls']!.map((d) => d.channel), ['volume']);
  assert.equal(api.secrets['api-db']![0]!.at!.label, 'k8s/api.yaml');
  assert.ok(api.secrets['api-db']![0]!.at!.line > api.manifest.line, 'the env entry is below the image line');
  assert.equal(cellText(cellOf(api, 'secret:api-db')), 'env');
  assert.equal(cellText(cellOf(api, 'secret:smtp-credentials')), '');
  assert.equal(cellText(cellOf(api, 'secrets')), 'api-db (env), api-tls (volume)');
  // Tools name their origin; a tool from the base image points at the FROM line.
  const sh = api.shell.find((t) => t.tool === 'sh')!;
  assert.match(sh.origin, /base image node/);
  assert.equal(sh.at?.label, 'services/api/Dockerfile');
  assert.equal(api.dockerfile?.source, 'skaffold');
  assert.equal(api.dockerfile?.at.label, 'services/api/Dockerfile');
  assert.equal(cellOf(api, 'hardening').tone, 'bad');
  assert.equal(cellText(cellOf(api, 'token')), 'mounted');
  // The unknown image says so in every tool column, never "none".
  const ledger = row(m, 'ledger');
  assert.equal(ledger.hardening, 'unknown');
  assert.equal(cellText(cellOf(ledger, 'shell')), '?');
  assert.equal(cellText(cellOf(ledger, 'link')), 'not linked');
  assert.equal(m.summary.exposed + m.summary.unknown + m.summary.hardened, m.summary.withSecrets);
});

test('CVE counts, when vulnerability reports were given, are a column sorted by severity', () => {
  const vulns = (critical: number, high: number) => ({ critical, high, medium: 0, low: 3, unknown: 0, reports: ['r.json'], matchedBy: 'reference' as const, overThreshold: critical > 0 });
  const m = buildPageModel([{ ...fakeRow(0), vulnerabilities: vulns(0, 5) }, { ...fakeRow(1), vulnerabilities: vulns(1, 0) }, fakeRow(2)], { title: 't' });
  assert.ok(m.hasCves && m.columns.some((c) => c.id === 'cves'));
  assert.equal(cellText(cellOf(m.rows[1]!, 'cves')), '1C 0H 0M 3L');
  assert.equal(cellOf(m.rows[1]!, 'cves').tone, 'bad');
  assert.equal(cellOf(m.rows[0]!, 'cves').tone, 'warn');
  assert.equal(cellText(cellOf(m.rows[2]!, 'cves')), '–');
  assert.deepEqual(sortRows(m.rows, 'cves', true).map((r) => r.id), [1, 0, 2]);
  assert.match(toMarkdown(m), /\| CVEs \|[\s\S]*\| 1C 0H 0M 3L \|/);
});

test('the filter keeps rows holding every term, in any column, case-insensitively', () => {
  const m = examples();
  assert.deepEqual(filterRows(m, 'postgres-superuser').map((r) => r.name), ['postgres']);
  assert.deepEqual(filterRows(m, 'SHOP  Curl').map((r) => r.name).sort(), ['api', 'nightly-report']);
  assert.deepEqual(filterRows(m, 'payments csi').map((r) => r.name), ['payments']);
  assert.equal(filterRows(m, 'services/api/Dockerfile').length, 1, 'file paths are searched');
  assert.equal(filterRows(m, 'no-such-thing').length, 0);
  assert.equal(filterRows(m, '   ').length, m.rows.length);
});

test('sorting is by the column value, numbers as numbers, stable, either direction', () => {
  const m = examples();
  const byHardening = sortRows(m.rows, 'hardening').map((r) => r.hardening);
  assert.deepEqual(byHardening, [...byHardening].sort((a, b) => ['exposed', 'unknown', 'hardened'].indexOf(a) - ['exposed', 'unknown', 'hardened'].indexOf(b)));
  const names = sortRows(m.rows, 'workload').map((r) => r.name);
  assert.deepEqual(names, [...names].sort());
  assert.deepEqual(sortRows(m.rows, 'workload', true).map((r) => r.name), [...names].reverse());
  // Ties keep the report's order.
  const exposed = sortRows(m.rows, 'hardening').filter((r) => r.hardening === 'exposed').map((r) => r.id);
  assert.deepEqual(exposed, [...exposed].sort((a, b) => a - b));
  // A Secret column sorts the containers that receive it first.
  assert.equal(sortRows(m.rows, 'secret:smtp-credentials')[0]!.name, 'nightly-report');
});

test('grouping by workload, image and Secret: headers in label order, a row under every Secret it receives', () => {
  const m = examples();
  const bySecret = groupItems(m.rows, 'secret');
  const headers = bySecret.filter((i) => i.type === 'group');
  assert.deepEqual(headers.map((h) => h.label), [...headers.map((h) => h.label)].sort());
  const apiDb = bySecret.findIndex((i) => i.type === 'group' && i.key === 'api-db');
  assert.deepEqual(bySecret[apiDb], { type: 'group', key: 'api-db', label: 'Secret api-db', count: 1 });
  const next = bySecret[apiDb + 1]!;
  assert.ok(next.type === 'row' && next.row.name === 'api');
  // api receives two Secrets: it is under both, and still one row of the graph.
  assert.equal(bySecret.filter((i) => i.type === 'row' && i.row.name === 'api').length, 2);
  assert.equal(itemRows(bySecret).length, m.rows.length);
  const byImage = groupItems(m.rows, 'image').filter((i) => i.type === 'group');
  assert.ok(byImage.some((g) => g.type === 'group' && g.label === 'postgres:16' && g.count === 1));
  const byWorkload = groupItems(m.rows, 'workload').filter((i) => i.type === 'group');
  assert.equal(byWorkload.length, new Set(m.rows.map((r) => `${r.namespace}/${r.kind}/${r.name}`)).size);
  // The state combines all three: filter, then sort, then group.
  const items = viewItems(m, { filter: 'shop', sort: { column: 'workload', descending: true }, group: 'image' });
  assert.ok(items.every((i) => i.type === 'group' || i.row.namespace === 'shop'));
});

test('the graph joins Secret → workload → image → Dockerfile → base, laid out without overlaps', () => {
  const m = examples();
  const g = buildGraph(m.rows);
  const ids = new Set(g.nodes.map((n) => n.id));
  for (const id of ['secret:api-db', 'workload:shop/Deployment/api', 'image:registry.example.com/shop/api:1.4.2', 'dockerfile:services/api/Dockerfile']) assert.ok(ids.has(id), id);
  const has = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to);
  assert.equal(has('secret:api-db', 'workload:shop/Deployment/api')?.label, 'env');
  assert.equal(has('secret:api-db', 'workload:shop/Deployment/api')?.tone, 'bad');
  assert.ok(has('workload:shop/Deployment/api', 'image:registry.example.com/shop/api:1.4.2'));
  assert.equal(has('image:registry.example.com/shop/api:1.4.2', 'dockerfile:services/api/Dockerfile')?.label, 'skaffold');
  assert.ok(g.edges.some((e) => e.from === 'dockerfile:services/api/Dockerfile' && e.to.startsWith('base:node')));
  for (const e of g.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`);
  // Nodes of one layer never overlap, and every layer sits left of the next.
  const layers = ['secret', 'workload', 'image', 'dockerfile', 'base'];
  for (const layer of layers) {
    const ys = g.nodes.filter((n) => n.layer === layer).map((n) => n.y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) assert.ok(ys[i]! - ys[i - 1]! >= 26, `${layer} nodes overlap`);
  }
  for (const e of g.edges) assert.ok(layers.indexOf(g.nodes.find((n) => n.id === e.from)!.layer) < layers.indexOf(g.nodes.find((n) => n.id === e.to)!.layer));
  // A cap on workloads says how many it left out.
  const capped = buildGraph(m.rows, 2);
  assert.equal(capped.nodes.filter((n) => n.layer === 'workload').length, 2);
  assert.equal(capped.omittedWorkloads, new Set(m.rows.map((r) => r.name)).size - 2);
});

test('Markdown: exposed rows first, pipes escaped, bounded by rows and characters with "and N more"', () => {
  const m = examples();
  const md = toMarkdown(m);
  const lines = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Workload'));
  assert.equal(lines.length, m.summary.withSecrets);
  assert.match(lines[0]!, /\| exposed \|/);
  assert.match(md, /\*\*3 exposed\*\*/);
  const few = toMarkdown(m, { maxRows: 2 });
  assert.equal(few.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Workload')).length, 2);
  assert.match(few, new RegExp(`…and ${m.summary.withSecrets - 2} more containers receiving Secrets`));
  const many = buildPageModel(Array.from({ length: 5000 }, (_, i) => fakeRow(i)), { title: 'big' });
  const big = toMarkdown(many, { maxRows: 10_000 });
  assert.ok(big.length <= 60_000, `${big.length} characters`);
  assert.match(big, /…and \d+ more containers/);
  const piped = toMarkdown(buildPageModel([{ ...fakeRow(0), container: 'a|b' }], { title: 't' }));
  assert.match(piped, /a\\\|b/);
  assert.match(toMarkdown(buildPageModel([], { title: 'none', notes: ['charts/x: not rendered'] })), /nothing was analysed[\s\S]*Not analysed:[\s\S]*charts\/x: not rendered/);
});

test('the HTML document: the policy the host gives, the model as inert JSON that cannot close its element', () => {
  const m = buildPageModel([{ ...fakeRow(0), image: 'evil</script><script>alert(1)</script>' }], { title: 'a <b> & c' });
  const html = pageDocument({ model: m, script: 'void 0', host: 'file', csp: fileCsp('AAA=', 'BBB=') });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-AAA='; script-src 'sha256-BBB='; img-src data:; base-uri 'none'; form-action 'none'">/);
  assert.equal(html.match(/<script/g)!.length, 2, 'the data block and the page script, nothing else');
  assert.ok(!html.includes('evil</script>'));
  assert.match(html, /<title>a &lt;b> &amp; c<\/title>/);
  assert.deepEqual(JSON.parse(embedJson({ s: '</script>\u2028&' })), { s: '</script>\u2028&' });
  assert.doesNotMatch(html, /https?:\/\//, 'nothing from the network');
  const webview = pageDocument({ model: m, script: 'void 0', host: 'vscode', csp: "script-src 'nonce-n1'", nonce: 'n1' });
  assert.match(webview, /<script nonce="n1">void 0<\/script>/);
  assert.match(webview, /<style nonce="n1">/);
});

test('packing writes each location once and unpacks to the same model', () => {
  const m = examples();
  const packed = packModel(m);
  assert.deepEqual(unpackModel(JSON.parse(JSON.stringify(packed)) as typeof packed), m);
  assert.equal(new Set(packed.links.map((l) => l.join(','))).size, packed.links.length);
  assert.ok(JSON.stringify(packed).length < JSON.stringify(m).length * 0.85, `${JSON.stringify(packed).length} vs ${JSON.stringify(m).length}`);
  assert.equal(unpackModel(m), m, 'an unpacked model passes through');
});

function fakeRow(i: number): ExposureRow {
  const location = { file: `deploy/wl-${i}.yaml`, range: { start: { line: 10, character: 4 }, end: { line: 10, character: 20 } } };
  return {
    workload: { kind: 'Deployment', name: `wl-${i}`, namespace: `ns-${i % 3}` },
    container: 'app',
    containerKind: 'container',
    location,
    image: `registry.example.com/svc-${i % 7}:1.0`,
    source: 'catalog',
    secrets: [{ name: `db-${i % 5}`, channel: 'env', optional: false, location }],
    tokenMounted: true,
    shells: ['sh'],
    networkClients: ['curl'],
    interpreters: [],
    hardening: 'exposed',
    findings: 2,
  };
}
