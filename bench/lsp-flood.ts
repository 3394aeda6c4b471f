// The language server under hostile load, inside the 10,000-file workspace bench/lsp.ts starts: a flood
// of 600 edits sent back to back (500 to a manifest, 100 to the Dockerfile its image is built from) —
// time until the final diagnostics are published and how many analyses ran; then 100 edits 100 ms apart
// (p50/p95/p99); then a garbage frame followed by a valid request. Figures only; nothing here fails.
import type { Writable } from 'node:stream';
import type { TestClient } from '../test/lsp/lsp-client.js';

export interface FloodTarget {
  client: TestClient;
  stdin: Writable;
  manifest: { uri: string; texts: [string, string, string] };
  dockerfile: { uri: string; texts: [string, string] };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const analyses = async (client: TestClient) =>
  (await client.conn.sendRequest<{ stats?: { analyses?: number } }>('secretSurface/debug/memory', {})).stats?.analyses ?? NaN;

const lastVersion = (client: TestClient, uri: string) => client.publishedVersions.get(uri)?.at(-1);

export async function floodFigures(t: FloodTarget): Promise<void> {
  const { client, manifest: m, dockerfile: d } = t;
  await client.open(m.uri, m.texts[0]);
  await client.open(d.uri, d.texts[0]);
  await client.waitFor(() => client.publishCount.get(m.uri), 'the manifest published once open', 60_000);
  const before = await analyses(client);
  const t0 = performance.now();
  let mv = 1;
  for (let i = 1; i <= 600; i++) {
    // Every sixth edit is the Dockerfile's; the manifest's last edit is a text none before it had.
    if (i % 6 === 0) await client.change(d.uri, d.texts[(i / 6) % 2]!);
    else await client.change(m.uri, ++mv === 501 ? m.texts[2] : m.texts[mv % 2]!);
  }
  await client.waitFor(() => lastVersion(client, m.uri) === mv, `the manifest published at version ${mv}`, 600_000);
  const floodMs = performance.now() - t0;
  const ran = (await analyses(client)) - before;
  const flooded = JSON.stringify(client.diagnostics.get(m.uri));
  // The same final text analysed on its own, after a different one: the flood's answer must equal it.
  await client.change(m.uri, m.texts[0]);
  await client.waitFor(() => lastVersion(client, m.uri) === mv + 1, 'publish after the reset', 60_000);
  await client.change(m.uri, m.texts[2]);
  await client.waitFor(() => lastVersion(client, m.uri) === mv + 2, 'publish of the final text alone', 60_000);
  const equal = JSON.stringify(client.diagnostics.get(m.uri)) === flooded;
  console.log(`flood of 600 edits back to back (500 manifest + 100 Dockerfile)   final diagnostics after ${floodMs.toFixed(0)} ms, ${ran} analyses, ${equal ? 'equal to' : 'DIFFERENT from'} the final text analysed alone`);

  const spaced: number[] = [];
  for (let i = 1; i <= 100; i++) {
    const before = client.publishCount.get(m.uri) ?? 0;
    const start = performance.now();
    await client.change(m.uri, m.texts[i % 2]!);
    await client.waitFor(() => (client.publishCount.get(m.uri) ?? 0) > before, `publish after spaced edit ${i}`, 60_000);
    const took = performance.now() - start;
    spaced.push(took);
    await new Promise((res) => setTimeout(res, Math.max(0, 100 - took)));
  }
  console.log(`manifest edits 100 ms apart (100 edits)   p50 ${pct(spaced, 50).toFixed(0)} ms   p95 ${pct(spaced, 95).toFixed(0)} ms   p99 ${pct(spaced, 99).toFixed(0)} ms`);
  await client.close(m.uri);
  await client.close(d.uri);

  t.stdin.write('Content-Length: abc\r\n\r\n{}garbage without a header\r\n\r\n');
  const g0 = performance.now();
  const answered = await Promise.race([
    client.conn.sendRequest('secretSurface/rules').then(() => true),
    new Promise<boolean>((res) => setTimeout(() => res(false), 10_000)),
  ]);
  console.log(`garbage frame, then a valid request   ${answered ? `answered after ${(performance.now() - g0).toFixed(0)} ms` : 'NOT answered within 10 s'}`);
}
