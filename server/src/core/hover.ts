// Hover text: on an image value, the linked Dockerfile and why, the tools and their origins, and the
// Secrets that reach the container; on a FROM line, the workloads that receive Secrets through the image.
import type { AnalysisResult } from './analysis/result.js';
import type { DockerfileFacts, Position } from './model.js';
import { positionInRange } from './text/positions.js';
import { describeDelivery, originText, workloadLabel } from './rules/rule.js';
import { foreignInterpreters, toolsOf } from './exposure.js';
import { vulnerabilityLine } from './vulns/apply.js';

export function hoverAt(path: string, position: Position, result: Pick<AnalysisResult, 'exposures'>, dockerfile?: DockerfileFacts): string | undefined {
  for (const e of result.exposures) {
    // The image value's own file: a rendered container's sits in its template, not in the rendered partition.
    if (e.container.imageLocation.file !== path || !positionInRange(e.container.imageLocation.range, position)) continue;
    const lines: string[] = [`**Secret Surface** — \`${e.container.image}\``, ''];
    if (e.link?.base !== undefined) lines.push(`Built without a Dockerfile on the base image \`${e.link.base}\` — ${e.link.reason}.`);
    else if (e.link) lines.push(`Built from \`${e.link.dockerfile}\`${e.link.target ? ` (target \`${e.link.target}\`)` : ''} — ${e.link.reason}.`);
    else if (e.image.source === 'catalog') {
      const c = e.image.catalog;
      const sources = c?.sources?.length ? `; sources ${c.sources.join(', ')}` : '';
      lines.push(`Not linked to a workspace Dockerfile; facts from the catalog (${c?.id ?? 'catalog'}${sources}).`);
      if (c?.oneOf) lines.push('', `A digest without a tag names ${c.oneOf}: write the tag beside the digest to decide it.`);
    }
    else lines.push('Not linked to a workspace Dockerfile, and the catalog does not know this image.');
    if (e.image.unresolved) lines.push('', `⚠ ${e.image.unresolved}`);
    const groups: [string, ReturnType<typeof toolsOf>][] = [
      ['Shells', toolsOf(e.image, 'shell')],
      ['Network clients', toolsOf(e.image, 'network')],
      ['Interpreters', foreignInterpreters(e.image)],
    ];
    lines.push('');
    for (const [label, tools] of groups) {
      if (tools.length === 0) continue;
      lines.push(`**${label}:**`);
      for (const t of tools) lines.push(`- \`${t.tool}\`${t.unverified ? ' (may have: not confirmed by the catalog\'s sources)' : ''} — ${originText(t)}`);
    }
    if (groups.every(([, t]) => t.length === 0) && e.image.source !== 'unknown' && !e.image.unresolved) {
      lines.push('No shell, network client or extra interpreter: hardened.');
    }
    lines.push('', e.secrets.length ? '**Secrets reaching this container:**' : 'No Secret reaches this container.');
    for (const s of e.secrets) lines.push(`- ${describeDelivery(s)}`);
    lines.push('', `Service-account token: ${e.token.mounted ? 'mounted' : 'not mounted'} (${e.token.reason}).`);
    if (e.vulnerabilities) lines.push('', vulnerabilityLine(e.vulnerabilities));
    return lines.join('\n');
  }
  if (dockerfile) {
    const stage = dockerfile.stages.find((s) => positionInRange(s.fromInstructionLocation.range, position));
    if (!stage) return undefined;
    const users = result.exposures.filter((e) => e.link?.dockerfile === path && e.secrets.length > 0);
    if (users.length === 0) return `**Secret Surface** — no workload in the workspace receives Secrets through this image.`;
    const lines = [`**Secret Surface** — workloads that receive Secrets through this image:`, ''];
    for (const u of users) {
      lines.push(`- ${workloadLabel(u.workload.ref)}, container \`${u.container.name}\` (${u.container.imageLocation.file}): ${u.secrets.map((s) => `"${s.secretName}" (${s.channel})`).join(', ')}`);
    }
    return lines.join('\n');
  }
  return undefined;
}
