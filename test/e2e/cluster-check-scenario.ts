// The world the cluster-check suites (CLI and VS Code) look at: a real kube-apiserver with the documented Role,
// a real registry with images built here (sh+curl, distroless-like, busybox, one behind token auth, one with a
// malformed config, one too large for a small limit), one image not pushed at all, one linked to a Dockerfile
// in a local workspace, a registry that never answers, and one namespace the Role is not bound in.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from './support/kube-cluster.js';
import { rbacDocs } from './support/kube-scenario.js';
import {
  applyRbac,
  createBarePod,
  createCronJob,
  createDaemonSet,
  createDeployment,
  createJob,
  createSecret,
  createStatefulSet,
  ensureNamespace,
  type SeededPod,
} from './support/kube-seed.js';
import { image, layer, Pusher, type LayerFile } from './support/image-builder.js';
import { freePort, startRegistry, type RunningRegistry } from './support/registry.js';

export interface ClusterWorld {
  cluster: Cluster;
  registry: RunningRegistry;
  /** kubeconfig of the limited user, context `surface`. */
  kubeconfig: string;
  /** A local workspace: a Dockerfile linked to the `web` image, a config, a manifest declaring `tools`. */
  workspace: string;
  /** Image references as the pods name them. */
  images: Record<'tools' | 'distroless' | 'agent' | 'web' | 'private' | 'ghost' | 'broken' | 'slow' | 'big', string>;
  /** Manifest digests of the pushed images. */
  digests: Record<string, string>;
  /** Namespaces: `shop` (every channel), `vault` (forbidden), `faults` (hanging registry, big layer). */
  pods: SeededPod[];
  secretValues: string[];
  dir: string;
  stop(): Promise<void>;
}

const base: LayerFile[] = [{ path: 'etc/', type: 'dir' }, { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' }];

/** A TCP server that accepts connections and never answers: a registry that hangs. */
async function hangingServer(): Promise<{ port: number; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port, server, sockets };
}

export async function startClusterWorld(): Promise<ClusterWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'surface-cluster-check-'));
  const registry = await startRegistry({ auth: 'token', protectedRepository: 'private/app', users: { ci: 'ci-pass' } });
  const hang = await hangingServer();
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster();
    const host = registry.host;
    const images = {
      tools: `${host}/shop/tools:1.0`,
      distroless: `${host}/shop/distroless:1.0`,
      agent: `${host}/shop/agent:1.36`,
      web: `${host}/shop/web:2.0`,
      private: `${host}/private/app:1.0`,
      ghost: `${host}/shop/ghost:1.0`,
      broken: `${host}/shop/broken:1.0`,
      slow: `127.0.0.1:${hang.port}/shop/slow:1.0`,
      big: `${host}/shop/big:1.0`,
    };
    const digests: Record<string, string> = {};
    const anon = new Pusher(registry.url);
    const ci = new Pusher(registry.url, { username: 'ci', password: 'ci-pass' });

    const shell = await layer([...base, { path: 'bin/', type: 'dir' }, { path: 'bin/bash' }, { path: 'bin/sh', type: 'symlink', linkname: 'bash' }]);
    const curl = await layer([{ path: 'usr/bin/curl' }]);
    // The tag moved on to an image without curl; the pods still run the one with it (the running digest wins).
    digests['tools'] = await anon.pushImage('shop/tools', undefined, image({ layers: [shell, curl], entrypoint: ['/app/server'] }));
    await anon.pushImage('shop/tools', '1.0', image({ layers: [shell], entrypoint: ['/app/server'] }));
    digests['distroless'] = await anon.pushImage(
      'shop/distroless',
      '1.0',
      image({ layers: [await layer([...base, { path: 'app/server', content: Buffer.alloc(1024, 1) }])], user: '65532', entrypoint: ['/app/server'] }),
    );
    digests['agent'] = await anon.pushImage(
      'shop/agent',
      '1.36',
      image({
        layers: [
          await layer([
            ...base,
            { path: 'bin/busybox', content: Buffer.alloc(2048, 2) },
            { path: 'bin/sh', type: 'hardlink', linkname: 'bin/busybox' },
            { path: 'usr/bin/wget', type: 'symlink', linkname: '/bin/busybox' },
          ]),
        ],
        cmd: ['sh'],
      }),
    );
    // The registry copy of `web` has curl; the workspace Dockerfile linked to it decides instead.
    digests['web'] = await anon.pushImage('shop/web', '2.0', image({ layers: [shell, curl] }));
    digests['private'] = await ci.pushImage('private/app', '1.0', image({ layers: [shell] }));
    digests['broken'] = await anon.pushImage('shop/broken', '1.0', image({ layers: [shell], rawConfig: Buffer.from('{ not json') }));
    digests['big'] = await anon.pushImage('shop/big', '1.0', image({ layers: [shell, await layer([{ path: 'opt/blob.bin', content: randomBytes(256 * 1024) }])] }));

    // RBAC exactly as documented, bound in shop and faults; vault has workloads but no binding.
    const docs = rbacDocs();
    for (const ns of ['shop', 'faults', 'vault', 'default']) await ensureNamespace(cluster, ns);
    await applyRbac(cluster, docs);
    const binding = docs.find((d) => d.kind === 'RoleBinding');
    for (const ns of ['shop', 'faults']) await applyRbac(cluster, [binding], ns);

    const secretValues = ['cl-db-pa55', 'cl-tls-key', 'cl-api-key-9', 'cl-vault-root'];
    await createSecret(cluster, 'shop', 'db', { password: secretValues[0]! });
    await createSecret(cluster, 'shop', 'tls', { 'tls.key': secretValues[1]! });
    await createSecret(cluster, 'shop', 'api-keys', { KEY: secretValues[2]! });
    await createSecret(cluster, 'vault', 'root', { token: secretValues[3]! });
    await createSecret(cluster, 'faults', 'db', { password: secretValues[0]! });

    const env = (secret: string, key: string) => [{ name: key.toUpperCase().replace(/[^A-Z0-9]/g, '_'), valueFrom: { secretKeyRef: { name: secret, key } } }];
    const pods: SeededPod[] = [];
    pods.push(...(await createDeployment(cluster, 'shop', 'tools', { containers: [{ name: 'tools', image: images.tools, env: env('db', 'password') }] }, 2)));
    pods.push(
      ...(await createStatefulSet(cluster, 'shop', 'db', {
        containers: [{ name: 'server', image: images.distroless, volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }] }],
        volumes: [{ name: 'tls', secret: { secretName: 'tls' } }],
      })),
    );
    pods.push(
      ...(await createDaemonSet(cluster, 'shop', 'agent', {
        containers: [{ name: 'agent', image: images.agent, volumeMounts: [{ name: 'creds', mountPath: '/creds' }] }],
        volumes: [{ name: 'creds', projected: { sources: [{ secret: { name: 'api-keys' } }] } }],
      })),
    );
    pods.push(...(await createDeployment(cluster, 'shop', 'web', { containers: [{ name: 'web', image: images.web, envFrom: [{ secretRef: { name: 'api-keys' } }] }] })));
    pods.push(...(await createCronJob(cluster, 'shop', 'report', { containers: [{ name: 'report', image: images.private, env: env('db', 'password') }] })));
    pods.push(
      ...(await createBarePod(cluster, 'shop', 'ghost', {
        containers: [{ name: 'ghost', image: images.ghost, volumeMounts: [{ name: 'vault', mountPath: '/mnt/secrets', readOnly: true }] }],
        volumes: [{ name: 'vault', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'ghost' } } }],
      })),
    );
    pods.push(...(await createJob(cluster, 'shop', 'migrate', { containers: [{ name: 'migrate', image: images.broken, env: env('db', 'password') }] })));
    pods.push(...(await createDeployment(cluster, 'vault', 'vault-agent', { containers: [{ name: 'agent', image: images.tools, env: env('root', 'token') }] })));
    pods.push(...(await createDeployment(cluster, 'faults', 'slow', { containers: [{ name: 'slow', image: images.slow, env: env('db', 'password') }] })));
    pods.push(...(await createDeployment(cluster, 'faults', 'big', { containers: [{ name: 'big', image: images.big, env: env('db', 'password') }] })));

    // The kubelet's report of what runs: the real digests of the pushed images (the seeding helper writes
    // placeholders). `ghost` and `slow` keep theirs: nothing in any registry has them.
    const real: Record<string, string> = {};
    for (const [k, d] of Object.entries(digests)) real[images[k as keyof typeof images]] = `${images[k as keyof typeof images].replace(/:[^:/]+$/, '')}@${d}`;
    for (const p of pods) {
      const got = await cluster.request('GET', `/api/v1/namespaces/${p.namespace}/pods/${p.name}`);
      const statuses = (got.body.status?.containerStatuses ?? []) as { name: string; image: string; imageID: string }[];
      const next = statuses.map((s) => ({ ...s, imageID: real[s.image] ?? s.imageID }));
      const r = await cluster.request('PATCH', `/api/v1/namespaces/${p.namespace}/pods/${p.name}/status`, { status: { containerStatuses: next } }, { contentType: 'application/merge-patch+json' });
      if (r.status >= 300) throw new Error(`status patch of ${p.name}: ${r.status}`);
    }

    const workspace = join(dir, 'workspace');
    mkdirSync(join(workspace, 'web'), { recursive: true });
    mkdirSync(join(workspace, 'k8s'), { recursive: true });
    writeFileSync(join(workspace, 'web', 'Dockerfile'), 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY server /server\nENTRYPOINT ["/server"]\n');
    writeFileSync(
      join(workspace, '.secret-surface.yaml'),
      ['version: 1', 'images:', `  ${host}/shop/web: web/Dockerfile`, 'catalog:', `  - image: ${host}/private/app`, '    shell: true', '    tools: [bash]', ''].join('\n'),
    );
    writeFileSync(
      join(workspace, 'k8s', 'tools.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: tools',
        '  namespace: shop',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: tools',
        `          image: ${images.tools}`,
        '',
      ].join('\n'),
    );
    const kubeconfig = cluster.kubeconfigFor(cluster.limitedToken, { context: 'surface' });
    const c = cluster;
    return {
      cluster: c,
      registry,
      kubeconfig,
      workspace,
      images,
      digests,
      pods,
      secretValues,
      dir,
      async stop() {
        for (const s of hang.sockets) s.destroy();
        await new Promise<void>((r) => hang.server.close(() => r()));
        await c.stop();
        await registry.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const s of hang.sockets) s.destroy();
    hang.server.close();
    await cluster?.stop();
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
