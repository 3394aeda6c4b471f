// Mapping facts back onto the YAML for fixes: the node at a location, a mapping's layout and the
// whole lines of a sequence item — all agreeing with parseManifest's positions.
import assert from 'node:assert/strict';
import { isMap, isPair, isSeq } from 'yaml';
import { ManifestSource, parseManifest } from '../../server/src/core/kubernetes/index.js';
import { eolTest, offsetOf, spanOf, textAt } from './kubernetes-support.js';

eolTest('facts locate their nodes: container, pod spec, env entry, volume entry', 'channels.yaml', (text) => {
  const f = parseManifest('c.yaml', text);
  const src = new ManifestSource('c.yaml', text);
  const w = f.workloads[0]!;
  const api = w.containers[0]!;
  assert.ok(isMap(src.find(api.location)?.node));
  assert.ok(isMap(src.find(w.podSpecLocation)?.node));
  const env = api.secrets.find((s) => s.channel === 'env')!;
  const found = src.find(env.location)!;
  assert.ok(isMap(found.node));
  assert.ok(isSeq(found.parent), 'an env entry sits in the env sequence');
  const image = src.find(api.imageLocation)!;
  assert.ok(isPair(image.pair));
  assert.equal(textAt(text, api.imageLocation.range), 'registry.example.com/shop/api:1.4.2');
  const vol = api.secrets.find((s) => s.channel === 'volume')!;
  assert.ok(isMap(src.find(vol.volumeLocation!)?.node));
});

eolTest('an exec handler locates its `exec:` pair, and its probe mapping', 'containers.yaml', (text) => {
  const web = parseManifest('p.yaml', text).workloads[0]!.containers.find((c) => c.name === 'web')!;
  const src = new ManifestSource('p.yaml', text);
  const live = web.execHandlers[0]!;
  const pair = src.find(live.location)!;
  assert.ok(isPair(pair.node));
  assert.ok(textAt(text, live.location.range).startsWith('exec:'));
  const probe = src.mapping(live.handlerLocation)!;
  assert.deepEqual(probe.entries.map((e) => e.key), ['exec', 'periodSeconds']);
});

eolTest('mapping layout: block indent, entries and flow maps', 'channels.yaml', (text) => {
  const f = parseManifest('c.yaml', text);
  const src = new ManifestSource('c.yaml', text);
  const w = f.workloads[0]!;
  const spec = src.mapping(w.podSpecLocation)!;
  assert.equal(spec.flow, false);
  assert.equal(spec.indent, w.podSpecLocation.range.start.character);
  assert.deepEqual(spec.entries.map((e) => e.key), ['imagePullSecrets', 'volumes', 'containers']);
  const containers = src.entry(w.podSpecLocation, 'containers')!;
  assert.equal(containers.start, offsetOf(text, 'containers:'));
  const stripe = w.containers[0]!.secrets.find((s) => s.secretName === 'stripe')!;
  const ref = src.entry(stripe.location, 'valueFrom')!;
  const refMap = src.mapping(src.index.range(ref.valueStart, ref.end))!;
  assert.equal(refMap.entries.length, 1);
  const flow = src.mapping(src.index.range(offsetOf(text, '{name: stripe'), offsetOf(text, 'optional: true}') + 'optional: true}'.length))!;
  assert.equal(flow.flow, true);
  assert.deepEqual(flow.entries.map((e) => e.key), ['name', 'key', 'optional']);
});

eolTest('a sequence item spans whole lines, dash to line break, for removal', 'channels.yaml', (text, eol) => {
  const f = parseManifest('c.yaml', text);
  const src = new ManifestSource('c.yaml', text);
  const env = f.workloads[0]!.containers[0]!.secrets.find((s) => s.envName === 'DB_PASSWORD')!;
  const lines = src.itemLines(env.location)!;
  const removed = text.slice(lines.start, lines.end);
  assert.ok(removed.startsWith('            - name: DB_PASSWORD'), JSON.stringify(removed));
  assert.ok(removed.endsWith(`key: password${eol}`));
  const after = text.slice(0, lines.start) + text.slice(lines.end);
  const again = parseManifest('c.yaml', after).workloads[0]!.containers[0]!;
  assert.ok(!again.secrets.some((s) => s.envName === 'DB_PASSWORD'));
  assert.equal(again.secrets.length, 6);
  // the same range as parseManifest reports for the entry
  assert.deepEqual(env.location.range, spanOf(text, 'name: DB_PASSWORD', 'key: password'));
});

eolTest('positions agree with parseManifest when the file starts with a BOM', 'channels.yaml', (text) => {
  const withBom = `\uFEFF${text}`;
  const f = parseManifest('c.yaml', withBom);
  const src = new ManifestSource('c.yaml', withBom);
  const api = f.workloads[0]!.containers[0]!;
  const [s, e] = src.offsets(api.imageLocation);
  assert.equal(src.text.slice(s, e), 'registry.example.com/shop/api:1.4.2');
});
