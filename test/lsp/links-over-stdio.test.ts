// The built server over stdio, as an editor starts it: it re-links the manifests a compose file builds
// when the `.env` beside it or an override file changes on disk (a watched-file event, no open buffer),
// and it tells the core the folder's directory name, so a root Dockerfile builds the image named after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeOf, rangeOf, spawnServer, type TestClient } from './lsp-client.js';

const SERVER = fileURLToPath(new URL('../../../server/out/server.js', import.meta.url));
const SOURCES = fileURLToPath(new URL('../../../test/fixtures/link-sources/', import.meta.url));

/** The "image linked here" text of the shell finding on `manifest`'s line `line` (1-based), if any. */
function linkReason(client: TestClient, manifest: string, line: number): string | undefined {
  const d = client.diagnostics.get(manifest)?.find((x) => codeOf(x) === 'secret-in-shell-image' && x.range.start.line === line - 1);
  return d?.relatedInformation?.find((r) => r.message.startsWith('image linked here'))?.message;
}

/** Runs the server on a copy of the fixture, in a folder named `folderName` (default: a temporary name). */
async function overStdio(fixture: string, run: (c: { client: TestClient; dir: string; uri: (rel: string) => string }) => Promise<void>, folderName?: string): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), `ss-lsp-${fixture.replace(/\//g, '-')}-`));
  const dir = folderName ? join(tmp, folderName) : tmp;
  cpSync(join(SOURCES, fixture), dir, { recursive: true });
  const { child, client, exited, stderr } = spawnServer(process.execPath, [SERVER, '--stdio']);
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  try {
    await client.initialize([uri('')]);
    await run({ client, dir, uri });
    await client.shutdown();
    assert.equal(await exited, 0, stderr());
  } finally {
    child.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
}

test('a .env change on disk re-links the compose image that interpolates it', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)' }, async () => {
  await overStdio('compose-env', async ({ client, dir, uri }) => {
    const manifest = uri('k8s/deploy.yaml');
    const linked = 'image linked here: docker-compose.yml services.cart.build: context cart/, dockerfile Dockerfile; image ${REPO}/cart:${TAG} → registry.example.com/shop/cart:1.4 (REPO, TAG from .env)';
    await client.waitFor(() => linkReason(client, manifest, 15) === linked, 'cart linked through docker-compose.yml with REPO and TAG from .env');
    const env = join(dir, '.env');
    const original = readFileSync(env, 'utf8');
    writeFileSync(env, original.replace('REPO=registry.example.com/shop', 'REPO=registry.example.com/elsewhere'));
    await client.fileEvents([{ uri: uri('.env'), type: 2 }]);
    // The compose image is now registry.example.com/elsewhere/cart: the manifest's image is not it.
    await client.waitFor(() => linkReason(client, manifest, 15) === undefined, 'cart no longer linked through compose after the .env edit');
    writeFileSync(env, original);
    await client.fileEvents([{ uri: uri('.env'), type: 2 }]);
    await client.waitFor(() => linkReason(client, manifest, 15) === linked, 'linked again once .env names the registry again');
  });
});

test('an override file change on disk re-links the service the base file builds', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)' }, async () => {
  await overStdio('compose-override', async ({ client, dir, uri }) => {
    const manifest = uri('k8s/deploy.yaml');
    const linked = 'image linked here: docker-compose.yml services.cart.build: context cart/, dockerfile Dockerfile; image from docker-compose.override.yml services.cart.image (joined by service name); image registry.example.com/shop/cart:${TAG:-dev} → registry.example.com/shop/cart:1.4 (TAG from .env)';
    await client.waitFor(() => linkReason(client, manifest, 15) === linked, 'cart linked through the base build and the override image');
    const override = join(dir, 'docker-compose.override.yml');
    writeFileSync(override, readFileSync(override, 'utf8').replace('shop/cart:', 'shop/cart-next:'));
    await client.fileEvents([{ uri: uri('docker-compose.override.yml'), type: 2 }]);
    await client.waitFor(() => linkReason(client, manifest, 15) === undefined, 'cart no longer linked once the override names another image');
  });
});

test('a root Dockerfile builds the image named after the folder: the hover says why', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)' }, async () => {
  await overStdio(
    'root-dockerfile/checkout',
    async ({ client, dir, uri }) => {
      const manifest = uri('k8s/deploy.yaml');
      await client.waitFor(() => client.codes(manifest).includes('secret-in-shell-image'), 'checkout linked to the root Dockerfile');
      const text = readFileSync(join(dir, 'k8s/deploy.yaml'), 'utf8');
      const hover = await client.hover(manifest, rangeOf(text, 'ghcr.io/acme/checkout:1.0').start);
      assert.match(
        (hover?.contents as { value: string }).value,
        /Built from `Dockerfile` — convention: root Dockerfile of folder checkout \(the image name "checkout" is the workspace folder's name, so \.\/Dockerfile builds the repository's own image\)\./,
      );
    },
    'checkout',
  );
});

test('the built server reads a docker-bake.hcl with the HCL parser beside its bundle', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)' }, async () => {
  // server.js does not carry hcl2-parser: it loads server/out/hcl2-parser.js on the first bake file.
  assert.ok(!readFileSync(SERVER, 'utf8').includes('github.com/hashicorp/hcl'), 'server.js holds the HCL parser');
  await overStdio('bake', async ({ client, uri }) => {
    const manifest = uri('k8s/api.yaml');
    await client.waitFor(() => /docker-bake\.hcl:14 target "api"/.test(linkReason(client, manifest, 15) ?? ''), 'api linked through docker-bake.hcl');
  });
});
