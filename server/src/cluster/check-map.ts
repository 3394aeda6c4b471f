// The cluster check's pure decisions: what a registry answer means as core ImageFacts, why a source decided
// (and why the earlier ones did not), and the sentence that tells a finding's reader which source that was.
// No I/O here, so the wording and the fallbacks are unit-tested directly.
import type { ImageFacts, ImageLink, ToolFact } from '../core/model.js';
import { originText } from '../core/rules/rule.js';
import type { Platform, RegistryImageResult } from './registry/types.js';
import type { ClusterImage, ClusterImageTool } from '../protocol.js';

/** What the cluster check learnt about one image from the registry (or why it learnt nothing). */
export interface RegistryOutcome {
  /** The platform asked for (`linux/amd64` unless the pod pins one). */
  platform: string;
  /** The running digest from the pod's container status, when the kubelet reported one. */
  runningDigest?: string;
  result: RegistryImageResult;
}

export function platformKey(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** `linux/arm64/v8` → a Platform; undefined for anything else. */
export function parsePlatform(s: string | undefined): Platform | undefined {
  const m = s ? /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(s.trim()) : null;
  if (!m) return undefined;
  return { os: m[1]!, architecture: m[2]!, ...(m[3] ? { variant: m[3] } : {}) };
}

/**
 * The platform a pod runs on, as far as its spec tells: the `kubernetes.io/os` / `kubernetes.io/arch` node
 * selector (reading Node objects would need more than the documented Role). linux/amd64 otherwise.
 */
export function podPlatform(spec: Record<string, unknown> | undefined): Platform {
  const sel = spec?.['nodeSelector'];
  const get = (k: string) => (sel && typeof sel === 'object' && typeof (sel as Record<string, unknown>)[k] === 'string' ? ((sel as Record<string, string>)[k] as string) : undefined);
  return { os: get('kubernetes.io/os') ?? 'linux', architecture: get('kubernetes.io/arch') ?? 'amd64' };
}

export function shortDigest(d: string): string {
  return d.length > 19 ? `${d.slice(0, 19)}…` : d;
}

/**
 * The program an image starts (entrypoint, else cmd), when it is an interpreter the image exists to run:
 * `["python3", "app.py"]` → `python3`, so the interpreter rule does not flag the app's own runtime.
 */
export function runtimeFromConfig(config: { entrypoint?: string[]; cmd?: string[] }, tools: readonly ToolFact[]): string | undefined {
  const argv = config.entrypoint?.length ? config.entrypoint : config.cmd;
  const first = argv?.[0];
  if (!first) return undefined;
  const name = first.slice(first.lastIndexOf('/') + 1).replace(/^(python3)\.\d+$/, '$1');
  const normalised = name === 'nodejs' ? 'node' : name;
  return tools.some((t) => t.category === 'interpreter' && t.tool === normalised) ? normalised : undefined;
}

/**
 * A complete registry listing as core ImageFacts: every tool found with its layer and path. Undefined when the
 * registry could not decide (failed, or the listing was cut short), so the caller falls back to the catalog.
 */
export function registryImageFacts(ref: string, outcome: RegistryOutcome): ImageFacts | undefined {
  const r = outcome.result;
  if (!r.ok || r.truncated) return undefined;
  const facts: ImageFacts = { source: 'registry', baseImage: ref, tools: r.tools.map((t) => ({ ...t })), commands: [], registry: { digest: r.digest, platform: outcome.platform } };
  if (r.config.user !== undefined && r.config.user !== '') facts.user = r.config.user;
  const runtime = runtimeFromConfig(r.config, r.tools);
  if (runtime) facts.runtime = runtime;
  return facts;
}

/** Why the registry did not decide, in a few words a user can act on. */
export function registryFailure(outcome: RegistryOutcome): string | undefined {
  const r = outcome.result;
  if (r.ok) return r.truncated ? `the registry listing was incomplete (${r.truncated})` : undefined;
  const what: Record<typeof r.reason, string> = {
    unauthorized: 'the registry refused access (401/403)',
    'not-found': 'the registry does not have it (404)',
    timeout: 'the registry did not answer in time',
    'too-large': 'the image is over the size limit',
    malformed: 'the registry returned a malformed manifest or config',
    unsupported: 'the image format is not supported',
    network: 'the registry could not be reached',
  };
  return `${what[r.reason]}: ${r.message}`;
}

/** The sentence saying which source decided, and why the earlier ones did not. */
export function explainSource(facts: ImageFacts, ctx: { link?: ImageLink; registry?: RegistryOutcome; registrySkipped?: string }): string {
  const linkNote = ctx.link?.missing ? `the linked Dockerfile ${ctx.link.dockerfile} is not in the workspace` : 'no workspace Dockerfile is linked to it';
  const registryNote = ctx.registry ? registryFailure(ctx.registry) : ctx.registrySkipped;
  switch (facts.source) {
    case 'dockerfile':
      return `workspace Dockerfile ${ctx.link?.dockerfile ?? facts.stage?.file ?? '?'}${ctx.link ? ` (${ctx.link.reason})` : ''}`;
    case 'registry': {
      const r = ctx.registry?.result;
      const digest = r && r.ok ? ` manifest ${shortDigest(r.digest)}` : '';
      const running = ctx.registry?.runningDigest ? ', the running digest' : '';
      return `registry${digest} (${ctx.registry?.platform ?? 'linux/amd64'}${running}), since ${linkNote}`;
    }
    case 'catalog':
      return `catalog${facts.catalog ? ` entry ${facts.catalog.id}` : ''}, since ${linkNote} and ${registryNote ?? 'the registry was not consulted'}`;
    case 'unknown':
      return `nothing: ${linkNote}, ${registryNote ?? 'the registry was not consulted'}, and the catalog does not know it`;
  }
}

/** Appended to a finding on a live object, so its reader knows where the tools were seen. */
export function sourceSentence(image: ClusterImage): string {
  return image.source === 'unknown' ? ` Decided by ${image.why}.` : ` Decided by the ${image.why}.`;
}

export function toolsWithEvidence(tools: readonly ToolFact[]): ClusterImageTool[] {
  return tools.map((t) => ({
    tool: t.tool,
    category: t.category,
    ...(t.via ? { via: t.via } : {}),
    ...(t.unverified ? { unverified: true } : {}),
    origin: t.origin,
    evidence: originText(t),
  }));
}
