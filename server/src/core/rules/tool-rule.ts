// The shape shared by the three "Secret in an image that holds X" rules: a finding on each container's
// image value, and one on each Dockerfile line (FROM or RUN) that brought X into an image that
// receives Secrets, naming the workloads.
import type { Exposure } from '../exposure.js';
import type { Finding, ImageFacts, Location, RelatedInfo, ToolFact } from '../model.js';
import { describeSecrets, originLocation, relatedFor, workloadLabel, yamlFinding, type RuleContext, type ToolFindingData } from './rule.js';
import { containerPhrase, displayImage, imageLabel, secretsPhrase, toolList } from './phrases.js';

export interface ToolRuleSpec {
  id: string;
  /** The tools of this kind the image holds. */
  select(image: ImageFacts): ToolFact[];
  /** "Shell", "Network client" …: the word a message starts with. */
  label: string;
  /** "a shell" …: after "Maybe" when the catalog does not confirm any of the tools. */
  noun: string;
}

export function checkToolRule(spec: ToolRuleSpec, ctx: RuleContext): Omit<Finding, 'severity'>[] {
  const out: Omit<Finding, 'severity'>[] = [];
  for (const e of ctx.exposures) {
    if (e.secrets.length === 0) continue;
    const tools = spec.select(e.image);
    if (tools.length === 0) continue;
    const sure = tools.some((t) => !t.unverified);
    // An unknown base: what the Dockerfile proves is a floor, not the whole image.
    const atLeast = e.image.catalog === undefined && e.image.unresolved !== undefined ? 'at least ' : '';
    const subject = `${sure ? spec.label : `Maybe ${spec.noun}`} (${atLeast}${toolList(tools)})`;
    const f = yamlFinding(
      spec.id,
      e,
      `${subject} in ${imageLabel(e)} — ${containerPhrase(e)} receives ${secretsPhrase(e.secrets)}${imageNotes(e.image)}`,
      relatedFor(e, tools),
      { tools: tools.map((t) => t.tool), dockerfile: e.link?.dockerfile, subject } satisfies ToolFindingData,
    );
    // Only guesses: reported one severity below a verified tool.
    if (!sure) f.certainty = 'unverified';
    out.push(f);
  }
  for (const { built, users } of ctx.images) {
    const exposed = users.filter((u) => u.secrets.length > 0);
    if (exposed.length === 0) continue;
    const byLine = new Map<string, { location: Location; tools: ToolFact[] }>();
    for (const t of spec.select(built.facts)) {
      const loc = originLocation(t);
      if (!loc || loc.file !== built.dockerfile.file) continue;
      const key = `${loc.range.start.line}:${loc.range.start.character}`;
      const entry = byLine.get(key) ?? { location: loc, tools: [] };
      entry.tools.push(t);
      byLine.set(key, entry);
    }
    for (const { location, tools } of byLine.values()) {
      out.push(dockerfileFinding(spec, location, tools, exposed));
    }
  }
  return out;
}

/** What the image's catalog entry adds: how to decide a digest, or that no shell-free image exists. */
function imageNotes(image: ImageFacts): string {
  const c = image.catalog;
  if (!c) return '';
  if (c.oneOf) return `. A digest without a tag names ${c.oneOf}: write the tag beside the digest (name:tag@sha256:…) to decide it.`;
  // Families such as postgres or redis have no shell-free image: say so rather than imply a swap.
  if (!c.hardened && !c.replacement) return `. No shell-free ${c.family} image exists: keep its Secrets and token minimal.`;
  return '';
}

function dockerfileFinding(spec: ToolRuleSpec, location: Location, tools: ToolFact[], users: Exposure[]): Omit<Finding, 'severity'> {
  const workloads = [...new Set(users.map((u) => workloadLabel(u.workload.ref)))];
  const shown = workloads[0]! + (workloads.length > 1 ? ` and ${workloads.length - 1} more` : '');
  const secrets = users.flatMap((u) => u.secrets);
  const related: RelatedInfo[] = users.map((u) => ({
    location: u.container.imageLocation,
    message: `${workloadLabel(u.workload.ref)}, container ${u.container.name}, runs this image with ${describeSecrets(u.secrets, 2)}`,
  }));
  const origin = tools[0]!.origin;
  const maybe = tools.every((t) => t.unverified);
  const where =
    origin.kind === 'base' ? `from base image ${displayImage(origin.image)}` : origin.kind === 'copy' ? `copied from ${origin.from}` : origin.kind === 'run' ? `installed by ${origin.manager}` : 'here';
  const subject = `${maybe ? `Maybe ${spec.noun}` : spec.label} (${toolList(tools)})`;
  const f: Omit<Finding, 'severity'> = {
    rule: spec.id,
    message: `${subject} ${where} — ${shown} receives ${secretsPhrase(secrets)}`,
    location,
    image: users[0]?.container.image,
    related,
    data: { tools: tools.map((t) => t.tool), side: 'dockerfile', subject } satisfies ToolFindingData,
  };
  if (maybe) f.certainty = 'unverified';
  return f;
}
