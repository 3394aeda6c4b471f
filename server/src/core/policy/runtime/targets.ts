// The runtime baseline from static facts: for each container that receives Secrets (or the service-account
// token), the process expected to read them, the files and variables that hold them, and the tools its image
// keeps. Every engine's policy is written from these targets, so all three say the same thing. What could not
// be decided (no pod labels, no known entrypoint) is a note on the target or a skipped entry, never silence.
import type { Exposure } from '../../exposure.js';
import { foreignInterpreters } from '../../exposure.js';
import type { CommandFact, ToolCategory, WorkloadRef } from '../../model.js';
import { parseExecForm } from '../../docker/shell-words.js';
import type { ObservedBaseline } from './observed.js';
import { observedFor } from './observed.js';

/** Where kubelet mounts the projected service-account token (`/var/run` is a link to `/run` on most images). */
export const TOKEN_DIRS = ['/var/run/secrets/kubernetes.io/serviceaccount', '/run/secrets/kubernetes.io/serviceaccount'];

/**
 * Where a tool is looked for when the facts name no path: the bin directories images put commands in
 * (`/bin` is a link to `/usr/bin` on merged-/usr images, so both are listed).
 */
export const GUESSED_BIN_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

/** A file or directory that holds Secret material. */
export interface SecretPath {
  /** Absolute path without a trailing slash. */
  path: string;
  /** `dir`: a mounted volume (everything below it); `file`: a subPath mount, one file. */
  kind: 'dir' | 'file';
  /** What it holds, for messages: `Secret api-tls`, `service-account token`. */
  what: string;
}

/** A binary the container should not run, with the paths it is looked for at. */
export interface ToolTarget {
  tool: string;
  category: ToolCategory;
  /** Absolute paths: the one the facts name (registry layer, COPY target), else the usual bin directories. */
  paths: string[];
  /** True when the paths are the usual bin directories rather than a path the facts name. */
  guessed: boolean;
  /** Where the facts say it came from: `base image node:20`, `RUN apt-get install curl` … */
  origin: string;
}

/** A process allowed to read the Secret files, and why. */
export interface ExpectedProcess {
  /** An absolute path, or a bare name when only the name is known (`node` from `CMD ["node", …]`). */
  binary: string;
  reason: string;
}

export interface RuntimeTarget {
  workload: WorkloadRef;
  /** `spec.template.metadata.labels` (a Pod's own labels). */
  podLabels: Record<string, string>;
  container: string;
  image: string;
  /** The manifest the workload is in. */
  file: string;
  expected: ExpectedProcess[];
  secretPaths: SecretPath[];
  /** Environment variables that carry Secrets (`envFrom` without listed keys: `<prefix>*`). */
  envNames: string[];
  tokenMounted: boolean;
  tools: ToolTarget[];
  /** The container starts through a shell (shell-form CMD/ENTRYPOINT, or a base image entrypoint script). */
  startsThroughShell: boolean;
  /** What the generator could not decide or chose to leave out, said in the policy's comments. */
  notes: string[];
}

export interface SkippedTarget {
  workload: WorkloadRef;
  container: string;
  file: string;
  reason: string;
}

export interface RuntimeTargets {
  targets: RuntimeTarget[];
  skipped: SkippedTarget[];
  /** Baseline entries that matched no target, or named no Secret file (counted, never silently dropped). */
  unusedObserved: string[];
}

/** Builds the targets from the analysis' exposures, widened by an observed-process baseline when one is given. */
export function runtimeTargets(exposures: readonly Exposure[], observed?: ObservedBaseline): RuntimeTargets {
  const targets: RuntimeTarget[] = [];
  const skipped: SkippedTarget[] = [];
  const usedObserved = new Set<number>();
  const sorted = [...exposures].sort((a, b) =>
    key(a.workload.ref, a.container.name).localeCompare(key(b.workload.ref, b.container.name)));
  for (const e of sorted) {
    const hasSecrets = e.secrets.length > 0;
    if (!hasSecrets && !e.token.mounted) continue;
    const skip = (reason: string) => skipped.push({ workload: e.workload.ref, container: e.container.name, file: e.file, reason });
    if (e.container.kind === 'ephemeralContainer') {
      skip('ephemeral (debug) container: it is started by hand to run tools, so no baseline applies');
      continue;
    }
    const labels = e.workload.podLabels ?? {};
    if (Object.keys(labels).length === 0) {
      skip('the pod has no labels, so no engine can select it without selecting every pod in the namespace');
      continue;
    }
    const target = buildTarget(e, labels);
    if (observed) {
      for (const m of observedFor(observed, e.workload.ref, e.container.name)) {
        const reads = m.entry.files.filter((f) => underSecret(f, target));
        if (reads.length === 0) continue;
        usedObserved.add(m.index);
        if (!target.expected.some((p) => p.binary === m.entry.process)) {
          target.expected.push({ binary: m.entry.process, reason: `observed reading ${reads.join(', ')}` });
        }
        // A tool the profiling run saw doing this work is part of how the app runs.
        const name = basename(m.entry.process);
        const before = target.tools.length;
        target.tools = target.tools.filter((t) => t.tool !== name);
        if (target.tools.length !== before) target.notes.push(`${name} is not alerted on when run: the baseline observed it reading Secret files`);
      }
    }
    targets.push(target);
  }
  const unusedObserved = observed
    ? observed.observed.map((o, i) => ({ o, i })).filter(({ i }) => !usedObserved.has(i)).map(({ o, i }) => `observed[${i}] ${o.process}`)
    : [];
  return { targets, skipped, unusedObserved };
}

function buildTarget(e: Exposure, labels: Record<string, string>): RuntimeTarget {
  const notes: string[] = [];
  const secretPaths: SecretPath[] = [];
  const envNames: string[] = [];
  for (const d of e.secrets) {
    if (d.channel === 'env') {
      if (d.envName) envNames.push(d.envName);
      continue;
    }
    if (d.channel === 'envFrom') {
      envNames.push(d.envName ? `${d.envName}* (every key of Secret ${d.secretName})` : `every key of Secret ${d.secretName} (envFrom)`);
      continue;
    }
    if (!d.mountPath) continue;
    const path = trimSlash(d.mountPath);
    if (!path.startsWith('/')) {
      notes.push(`mount path ${d.mountPath} of Secret ${d.secretName} is not absolute and is left out`);
      continue;
    }
    const what = d.channel === 'csi' ? `SecretProviderClass ${d.secretName}` : d.channel === 'vault' ? `Vault secret ${d.secretName}` : `Secret ${d.secretName}`;
    // The Vault Agent renders one file per annotation under /vault/secrets.
    if (!secretPaths.some((p) => p.path === path)) secretPaths.push({ path, kind: d.subPath || d.channel === 'vault' ? 'file' : 'dir', what });
  }
  if (e.token.mounted) for (const dir of TOKEN_DIRS) secretPaths.push({ path: dir, kind: 'dir', what: 'service-account token' });

  const expected = expectedProcesses(e, notes);
  const tools = toolTargets(e, expected);
  if (e.image.source === 'unknown' || e.image.unresolved) {
    notes.push(`what the image holds is not known (${e.image.unresolved ?? 'no Dockerfile, registry or catalog entry'}): exec rules cover no tools`);
  }
  const startsThroughShell = expected.some((p) => p.binary === '/bin/sh') || (Boolean(e.image.catalog?.entrypointNeedsShell) && !e.container.command);
  if (startsThroughShell) notes.push('the container starts through a shell: audit mode reports that one shell exec at start; block mode leaves shells out of the exec rules so the container can start');
  return {
    workload: e.workload.ref,
    podLabels: labels,
    container: e.container.name,
    image: e.container.image,
    file: e.file,
    expected,
    secretPaths,
    envNames: [...new Set(envNames)],
    tokenMounted: e.token.mounted,
    tools,
    startsThroughShell,
    notes,
  };
}

/**
 * The process that runs the app: the manifest's `command[0]`, else the image's ENTRYPOINT, else its CMD (exec
 * form); in shell form the shell runs it. The image's own runtime (node, python3, java) is expected too,
 * because entrypoint scripts hand over to it.
 */
function expectedProcesses(e: Exposure, notes: string[]): ExpectedProcess[] {
  const out: ExpectedProcess[] = [];
  const push = (binary: string, reason: string) => {
    if (binary && !out.some((p) => p.binary === binary)) out.push({ binary, reason });
  };
  const c = e.container;
  if (c.command && c.command.length > 0) push(c.command[0]!, 'the manifest\'s command');
  else {
    const entry = lastCommand(e.image.commands, 'ENTRYPOINT');
    const cmd = lastCommand(e.image.commands, 'CMD');
    const decided = entry ?? (c.args ? undefined : cmd);
    if (decided) {
      const argv = decided.form === 'exec' ? parseExecForm(decided.text, 0, decided.text.length)?.map((w) => w.value) : undefined;
      if (decided.form === 'shell') push('/bin/sh', `${decided.instruction} in shell form runs through /bin/sh`);
      else if (argv && argv[0]) push(argv[0], `the Dockerfile's ${decided.instruction}`);
    } else if (!e.image.runtime) {
      notes.push('the entrypoint is not known (no command in the manifest, no ENTRYPOINT/CMD in a linked Dockerfile): only the baseline widens who may read the Secrets');
    }
  }
  if (e.image.runtime) push(e.image.runtime, `the image's runtime (${e.image.catalog?.id ?? e.image.baseImage ?? 'catalog'})`);
  return out;
}

function lastCommand(commands: readonly CommandFact[], instruction: 'ENTRYPOINT' | 'CMD'): CommandFact | undefined {
  let found: CommandFact | undefined;
  for (const c of commands) if (c.instruction === instruction) found = c;
  return found;
}

function toolTargets(e: Exposure, expected: readonly ExpectedProcess[]): ToolTarget[] {
  const foreign = new Set(foreignInterpreters(e.image));
  const expectedNames = new Set(expected.map((p) => basename(p.binary)));
  const byTool = new Map<string, ToolTarget>();
  for (const t of e.image.tools) {
    if (t.category === 'package-manager') continue;
    if (t.category === 'interpreter' && !foreign.has(t)) continue;
    const name = t.tool;
    if (expectedNames.has(name)) continue;
    // A registry layer names the file itself; anywhere else the usual bin directories are where it is looked for.
    const known = t.origin.kind === 'layer' && t.origin.path.startsWith('/') ? t.origin.path : undefined;
    const paths = known ? [known] : GUESSED_BIN_DIRS.map((d) => `${d}/${name}`);
    const origin = originText(t.origin);
    const prev = byTool.get(name);
    if (prev) {
      for (const p of paths) if (!prev.paths.includes(p)) prev.paths.push(p);
      continue;
    }
    byTool.set(name, { tool: name, category: t.category, paths, guessed: !known, origin: t.via ? `${origin} (busybox applet)` : origin });
  }
  return [...byTool.values()].sort((a, b) => a.tool.localeCompare(b.tool));
}

function originText(o: Exposure['image']['tools'][number]['origin']): string {
  switch (o.kind) {
    case 'base':
      return `base image ${o.image}`;
    case 'run':
      return `${o.manager} install ${o.package}`;
    case 'copy':
      return `COPY --from=${o.from} ${o.path}`;
    case 'layer':
      return `image layer ${o.digest.slice(0, 19)} ${o.path}`;
    case 'config':
      return o.detail;
    case 'evidence':
      return o.detail;
  }
}

/** True when `file` is one of the target's Secret files, under one of its Secret directories, or an environ file. */
function underSecret(file: string, t: RuntimeTarget): boolean {
  if (/^\/proc\/[^/]+\/environ$/.test(file)) return true;
  return t.secretPaths.some((p) => (p.kind === 'file' ? file === p.path : file === p.path || file.startsWith(`${p.path}/`)));
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function key(w: WorkloadRef, container: string): string {
  return `${w.namespace}/${w.kind}/${w.name}/${container}`;
}

/** A name safe for Kubernetes objects and Falco identifiers: lower-case, `-` separated, at most `max` characters. */
export function slug(parts: readonly string[], max = 63): string {
  const s = parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return s.length <= max ? s : s.slice(0, max).replace(/-$/, '');
}
