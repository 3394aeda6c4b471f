// Secret channels per container: env, envFrom, secret / projected / CSI volumes mounted by that
// container, and what is not a Secret (configMap, imagePullSecrets, serviceAccountToken sources).
import assert from 'node:assert/strict';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';
import type { ContainerFacts, ManifestFacts } from '../../server/src/core/model.js';
import { eolTest, rangeOf, spanOf } from './kubernetes-support.js';

function container(facts: ManifestFacts, name: string): ContainerFacts {
  const c = facts.workloads.flatMap((w) => w.containers).find((x) => x.name === name);
  assert.ok(c, `container ${name}`);
  return c;
}

eolTest('the image value range is exactly the scalar (quotes included when quoted)', 'channels.yaml', (text) => {
  const f = parseManifest('k8s/channels.yaml', text);
  const api = container(f, 'api');
  assert.equal(api.image, 'registry.example.com/shop/api:1.4.2');
  assert.deepEqual(api.imageLocation, {
    file: 'k8s/channels.yaml',
    range: rangeOf(text, 'registry.example.com/shop/api:1.4.2'),
  });
  const metrics = container(f, 'metrics');
  assert.equal(metrics.image, 'prom/statsd-exporter:v0.26.0');
  assert.deepEqual(metrics.imageLocation.range, rangeOf(text, '"prom/statsd-exporter:v0.26.0"'));
  // the container mapping runs from its first key to the end of its last value
  assert.deepEqual(api.location.range, spanOf(text, 'name: api', 'mountPath: /data'));
});

eolTest('env secretKeyRef: name, key, variable, optional, entry range', 'channels.yaml', (text) => {
  const api = container(parseManifest('c.yaml', text), 'api');
  const env = api.secrets.filter((s) => s.channel === 'env');
  assert.deepEqual(
    env.map((s) => [s.secretName, s.key, s.envName, s.optional]),
    [
      ['db-credentials', 'password', 'DB_PASSWORD', false],
      ['stripe', 'api-key', 'STRIPE_KEY', true],
    ],
  );
  assert.deepEqual(env[0]!.location.range, spanOf(text, 'name: DB_PASSWORD', 'key: password'));
  assert.deepEqual(env[1]!.location.range, spanOf(text, 'name: STRIPE_KEY', 'optional: true}'));
});

eolTest('envFrom secretRef with prefix; configMapRef and configMapKeyRef are not Secrets', 'channels.yaml', (text) => {
  const api = container(parseManifest('c.yaml', text), 'api');
  const envFrom = api.secrets.filter((s) => s.channel === 'envFrom');
  assert.equal(envFrom.length, 1);
  assert.equal(envFrom[0]!.secretName, 'shop-env');
  assert.equal(envFrom[0]!.envName, 'SHOP_');
  assert.equal(envFrom[0]!.optional, false);
  assert.deepEqual(envFrom[0]!.location.range, spanOf(text, 'secretRef:', 'prefix: SHOP_'));
  assert.ok(!api.secrets.some((s) => s.secretName === 'shop-settings'));
});

eolTest('secret volume mounted by the container: mount entry, volume entry, items', 'channels.yaml', (text) => {
  const api = container(parseManifest('c.yaml', text), 'api');
  const vol = api.secrets.filter((s) => s.channel === 'volume');
  assert.equal(vol.length, 1);
  const d = vol[0]!;
  assert.equal(d.secretName, 'db-credentials');
  assert.equal(d.volumeName, 'db-creds');
  assert.equal(d.mountPath, '/var/run/db');
  assert.deepEqual(d.items, ['password']);
  assert.deepEqual(d.location.range, spanOf(text, 'name: db-creds', 'readOnly: true', { after: 'volumeMounts:' }));
  assert.deepEqual(d.volumeLocation?.range, spanOf(text, 'name: db-creds', 'path: db/password'));
});

eolTest('projected volume: one delivery per secret source, token and configMap sources are not Secrets', 'channels.yaml', (text) => {
  const api = container(parseManifest('c.yaml', text), 'api');
  const projected = api.secrets.filter((s) => s.channel === 'projected');
  assert.deepEqual(
    projected.map((s) => [s.secretName, s.optional, s.items, s.mountPath]),
    [
      ['tls-cert', false, undefined, '/var/run/bundle'],
      ['signing-key', true, ['private.pem'], '/var/run/bundle'],
    ],
  );
  const mount = spanOf(text, 'name: bundle', 'mountPath: /var/run/bundle', { after: 'volumeMounts:' });
  for (const p of projected) {
    assert.deepEqual(p.location.range, mount);
    assert.deepEqual(p.volumeLocation?.range, spanOf(text, 'name: bundle', 'path: key.pem'));
  }
});

eolTest('CSI secrets-store volume names its SecretProviderClass, linked in the same file', 'channels.yaml', (text) => {
  const f = parseManifest('c.yaml', text);
  const api = container(f, 'api');
  const csi = api.secrets.filter((s) => s.channel === 'csi');
  assert.equal(csi.length, 1, 'only the secrets-store driver counts, not ebs.csi.aws.com');
  const d = csi[0]!;
  assert.equal(d.secretName, 'shop-vault');
  assert.equal(d.csiDriver, 'secrets-store.csi.k8s.io');
  assert.equal(d.volumeName, 'vault');
  assert.equal(d.providerClass?.name, 'shop-vault');
  assert.equal(d.providerClass?.provider, 'vault');
  assert.deepEqual(d.providerClass?.location?.range, spanOf(text, 'apiVersion: secrets-store', 'roleName: shop-api'));
  assert.deepEqual(d.volumeLocation?.range, spanOf(text, 'name: vault', 'secretProviderClass: shop-vault'));
  assert.deepEqual(f.secretProviderClasses.map((s) => [s.name, s.namespace, s.provider]), [['shop-vault', 'shop', 'vault']]);
});

eolTest('a volume mounted only by a sibling does not reach the container; imagePullSecrets reach none', 'channels.yaml', (text) => {
  const f = parseManifest('c.yaml', text);
  const api = container(f, 'api');
  const metrics = container(f, 'metrics');
  assert.ok(!api.secrets.some((s) => s.secretName === 'metrics-token'));
  assert.deepEqual(
    metrics.secrets.map((s) => [s.channel, s.secretName, s.mountPath]),
    [['volume', 'metrics-token', '/var/run/metrics']],
  );
  const all = f.workloads.flatMap((w) => w.containers).flatMap((c) => c.secrets);
  assert.ok(!all.some((s) => s.secretName === 'regcred'));
  assert.equal(api.secrets.length, 7);
});

eolTest('workload facts: ref, namespace, name and pod spec ranges', 'channels.yaml', (text) => {
  const f = parseManifest('c.yaml', text);
  assert.equal(f.notKubernetes, false);
  assert.deepEqual(f.notices, []);
  assert.equal(f.workloads.length, 1);
  const w = f.workloads[0]!;
  assert.deepEqual(w.ref, { kind: 'Deployment', name: 'shop-api', namespace: 'shop' });
  assert.deepEqual(w.nameLocation.range, rangeOf(text, 'shop-api'));
  assert.deepEqual(w.podSpecLocation.range, spanOf(text, 'imagePullSecrets:', 'mountPath: /var/run/metrics'));
  assert.deepEqual(w.location.range, spanOf(text, 'apiVersion: apps/v1', 'mountPath: /var/run/metrics'));
  assert.equal(w.serviceAccountName, 'default');
  assert.equal(w.automountToken, undefined);
});
