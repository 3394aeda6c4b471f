// Hover text (markdown): on an image value, first the verdict and the link to the rule that decides
// it, then the tools grouped by kind with where each came from, the Secrets that reach the container,
// the token, and where the image facts come from; on a FROM line, the workloads that receive Secrets
// through the image. Sections are bold paragraphs with a blank line around every block, so no
// renderer folds a section into the list before it (test/unit/hover-markdown.test.ts renders it).
import type { AnalysisResult } from './analysis/result.js';
import type { Exposure } from './exposure.js';
import type { DockerfileFacts, Position, ToolFact } from './model.js';
import { positionInRange } from './text/positions.js';
import { describeDelivery, originText, ruleDocUrl, workloadLabel } from './rules/rule.js';
import { joinAnd } from './rules/phrases.js';
import { foreignInterpreters, toolsOf } from './exposure.js';
import { vulnerabilityLine } from './vulns/apply.js';

const KINDS: { label: string; noun: string; rule: string; select: (e: Exposure) => ToolFact[] }[] = [
  { label: 'Shell', noun: 'a shell', rule: 'secret-in-shell-image', select: (e) => toolsOf(e.image, 'shell') },
  { label: 'Network client', noun: 'a network client', rule: 'secret-in-network-client-image', select: (e) => toolsOf(e.image, 'network') },
  { label: 'Interpreter', noun: 'an interpreter the app does not run on', rule: 'secret-in-interpreter-image', select: (e) => foreignInterpreters(e.image) },
];

/** Markdown text in code spans never breaks out: a backtick in a name would end the span. */
function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function verdict(e: Exposure): string {
  const who = `container ${code(e.container.name)}`;
  const n = e.secrets.length;
  const secrets = `${n} ${n === 1 ? 'Secret reaches' : 'Secrets reach'} ${who}`;
  const present = KINDS.filter((k) => k.select(e).length > 0);
  if (n > 0 && present.length > 0) {
    const sure = present.filter((k) => k.select(e).some((t) => !t.unverified));
    const lead = sure[0] ?? present[0]!;
    const what = joinAnd(present.map((k) => (sure.includes(k) ? k.noun : `maybe ${k.noun}`)));
    return `**Exposed** — ${secrets}, and its image has ${what}. [${lead.rule}](${ruleDocUrl(lead.rule)})`;
  }
  if (n > 0 && (e.image.source === 'unknown' || e.image.unresolved)) {
    return `**Not verified** — ${secrets}, and what its image holds is not known. [secret-image-unverified](${ruleDocUrl('secret-image-unverified')})`;
  }
  if (n > 0) return `**Hardened** — ${secrets}; its image has no shell, network client or extra interpreter.`;
  return `**No Secret** reaches ${who}.`;
}

/** `- Shell: `sh`, `bash` — from base image node:20`, one origin after another. */
function toolLines(e: Exposure): string[] {
  const out: string[] = [];
  for (const k of KINDS) {
    const tools = k.select(e);
    if (tools.length === 0) continue;
    const byOrigin = new Map<string, string[]>();
    for (const t of tools) {
      const origin = originText(t);
      const name = `${code(t.tool)}${t.unverified ? ' (may have: not confirmed by the catalog\'s sources)' : ''}`;
      const list = byOrigin.get(origin) ?? [];
      if (!list.includes(name)) list.push(name);
      byOrigin.set(origin, list);
    }
    out.push(`- ${k.label}: ${[...byOrigin].map(([origin, names]) => `${names.join(', ')} — ${origin}`).join('; ')}`);
  }
  return out;
}

function source(e: Exposure): string[] {
  if (e.link?.base !== undefined) return [`Built without a Dockerfile on the base image ${code(e.link.base ?? '')} — ${e.link.reason}.`];
  if (e.link) return [`Built from ${code(e.link.dockerfile ?? '')}${e.link.target ? ` (target ${code(e.link.target)})` : ''} — ${e.link.reason}.`];
  if (e.image.source === 'catalog') {
    const c = e.image.catalog;
    const sources = c?.sources?.length ? `; sources ${c.sources.join(', ')}` : '';
    const out = [`Not linked to a workspace Dockerfile; facts from the catalog (${c?.id ?? 'catalog'}${sources}).`];
    if (c?.oneOf) out.push('', `A digest without a tag names ${c.oneOf}: write the tag beside the digest to decide it.`);
    return out;
  }
  return ['Not linked to a workspace Dockerfile, and the catalog does not know this image.'];
}

function tokenText(e: Exposure): string {
  const sa = e.token.serviceAccountName ? `ServiceAccount "${e.token.serviceAccountName}"` : 'the ServiceAccount';
  if (!e.token.mounted) return `not mounted (${e.token.reason === 'pod' ? 'the pod turns it off' : `${sa} turns it off`})`;
  if (e.token.reason === 'pod') return 'mounted (the pod sets automountServiceAccountToken: true)';
  if (e.token.reason === 'service-account') return `mounted (${sa} sets automountServiceAccountToken: true)`;
  return `mounted (${sa} does not turn it off)`;
}

function imageHover(e: Exposure): string {
  const lines: string[] = [verdict(e), '', `Image ${code(e.container.image)}`];
  if (e.image.unresolved) lines.push('', `⚠ ${e.image.unresolved}`);
  if (e.vulnerabilities) lines.push('', vulnerabilityLine(e.vulnerabilities));
  const tools = toolLines(e);
  if (tools.length) lines.push('', '**Tools**', '', ...tools);
  if (e.secrets.length) lines.push('', '**Secrets**', '', ...e.secrets.map((s) => `- ${describeDelivery(s)}`));
  lines.push('', `**Service-account token:** ${tokenText(e)}.`);
  lines.push('', ...source(e));
  return lines.join('\n');
}

export function hoverAt(path: string, position: Position, result: Pick<AnalysisResult, 'exposures'>, dockerfile?: DockerfileFacts): string | undefined {
  for (const e of result.exposures) {
    // The image value's own file: a rendered container's sits in its template, not in the rendered partition.
    if (e.container.imageLocation.file !== path || !positionInRange(e.container.imageLocation.range, position)) continue;
    return imageHover(e);
  }
  if (dockerfile) {
    const stage = dockerfile.stages.find((s) => positionInRange(s.fromInstructionLocation.range, position));
    if (!stage) return undefined;
    const users = result.exposures.filter((e) => e.link?.dockerfile === path && e.secrets.length > 0);
    if (users.length === 0) return '**Secret Surface** — no workload in the workspace receives Secrets through this image.';
    const lines = [`**Exposed** — ${users.length} ${users.length === 1 ? 'container receives' : 'containers receive'} Secrets through this image:`, ''];
    for (const u of users) {
      lines.push(`- ${workloadLabel(u.workload.ref)}, container ${code(u.container.name)} (${u.container.imageLocation.file}): ${u.secrets.map((s) => `"${s.secretName}" (${s.channel})`).join(', ')}`);
    }
    return lines.join('\n');
  }
  return undefined;
}
