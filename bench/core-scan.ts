// One measured run, in its own process so its peak RSS is its own: `full` reads the workspace and runs
// the whole analysis; `floor` reads the same files and parses them with yaml and dockerfile-ast alone,
// `floor-esm` the same with yaml's ESM build, which is what the product's bundles run (scripts/bundle.mjs).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { walkFolderSync } from '../server/src/files/walk.js';
import { Workspace } from '../server/src/core/workspace.js';
import { classifyFile } from '../server/src/core/linking/index.js';

const [mode, root] = process.argv.slice(2);
if (!root || (mode !== 'full' && mode !== 'floor' && mode !== 'floor-esm')) {
  console.error('usage: core-scan full|floor|floor-esm DIR');
  process.exit(2);
}
const t0 = performance.now();
const c0 = process.cpuUsage();
const files = walkFolderSync(root).files;
let count = 0;
let linked = 0;
let own = 0;
if (mode === 'floor' || mode === 'floor-esm') {
  const parseYaml =
    mode === 'floor' ? parseAllDocuments : ((await import(pathToFileURL(resolve('node_modules/yaml/browser/index.js')).href)) as typeof import('yaml')).parseAllDocuments;
  for (const f of files) {
    if (classifyFile(f.path) === 'dockerfile') DockerfileParser.parse(f.text);
    else parseYaml(f.text);
    count++;
  }
} else {
  const ws = new Workspace();
  for (const f of files) ws.setFile(f.path, f.text);
  const result = ws.analyze();
  count = result.findings.length;
  // The generated repositories' own images (registry.example.com/mono/…), and how many a build config links.
  const mine = result.exposures.filter((e) => e.container.image.startsWith('registry.example.com/mono/'));
  own = mine.length;
  linked = mine.filter((e) => e.link !== undefined && e.link.source !== 'convention').length;
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(JSON.stringify({ mode, files: files.length, count, linked, own, wallMs, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
