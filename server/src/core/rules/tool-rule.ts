// The shape shared by the three "Secret in an image that holds X" rules: a finding on each container's
// image value, and one on each Dockerfile line (FROM or RUN) that brought X into an image that
// receives Secrets, naming the workloads.
import type { Exposure } from '../exposure.js';
import type { Finding, ImageFacts, Location, RelatedInfo, ToolFact } from '../model.js';
import {
  containerLabel,
  describeSecrets,
  describeTools,
  imageDescription,
  originLocation,
  plural,
  relatedFor,
  workloadLabel,
  yamlFinding,
  type RuleContext,
  type ToolFindingData,
} from './rule.js';

export interface ToolRuleSpec {
  id: string;
  /** The tools of this kind the image holds. */
  select(image: ImageFacts): ToolFact[];
  /** "a shell", "a network client" … */
  noun: string;
}

export function checkToolRule(spec: ToolRuleSpec, ctx: RuleContext): Omit<Finding, 'severity'>[] {
  const out: Omit<Finding, 'severity'>[] = [];
  for (const e of ctx.exposures) {
    if (e.secrets.length === 0) continue;
    const tools = spec.select(e.image);
    if (tools.length === 0) continue;
    const sure = tools.filter((t) => !t.unverified);
    const maybe = tools.filter((t) => t.unverified);
    // An unknown base: what the Dockerfile proves is a floor, not the whole image.
    const atLeast = e.image.catalog === undefined && e.image.unresolved !== undefined ? 'at least ' : '';
    const what = sure.length
      ? `has ${spec.noun}: ${atLeast}${describeTools(sure)}.${maybe.length ? ` It may also have ${describeTools(maybe)}, ${unconfirmed(e.image)}.` : ''}`
      : `may have ${spec.noun}: ${describeTools(maybe)} — ${unconfirmed(e.image)}.`;
    const f = yamlFinding(
      spec.id,
      e,
      `${containerLabel(e)} receives ${plural(e.secrets.length, 'Secret')} (${describeSecrets(e.secrets)}) ` +
        `while its image ${imageDescription(e)} ${what}${noReplacementNote(e.image)}`,
      relatedFor(e, tools),
      { tools: tools.map((t) => t.tool), dockerfile: e.link?.dockerfile } satisfies ToolFindingData,
    );
    // Only guesses: reported one severity below a verified tool.
    if (sure.length === 0) f.certainty = 'unverified';
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

/** Why a tool is only "may have": the catalog marks it unverified, or the reference names one of several variants. */
function unconfirmed(image: ImageFacts): string {
  const oneOf = image.catalog?.oneOf;
  if (oneOf) return `a digest without a tag names ${oneOf}; write the tag beside the digest (name:tag@sha256:…) to decide it`;
  return 'not confirmed by the catalog\'s sources';
}

/** Families such as postgres or redis have no shell-free image: say so rather than imply a swap. */
function noReplacementNote(image: ImageFacts): string {
  const c = image.catalog;
  if (!c || c.hardened || c.replacement || c.oneOf) return '';
  return ` No shell-free image exists for ${c.family}; keep its Secrets and its service-account token to the minimum it needs.`;
}

function dockerfileFinding(spec: ToolRuleSpec, location: Location, tools: ToolFact[], users: Exposure[]): Omit<Finding, 'severity'> {
  const names = [...new Set(users.map((u) => `${workloadLabel(u.workload.ref)} (container ${u.container.name})`))];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  const secretCount = new Set(users.flatMap((u) => u.secrets.map((s) => s.secretName))).size;
  const related: RelatedInfo[] = users.map((u) => ({
    location: u.container.imageLocation,
    message: `${workloadLabel(u.workload.ref)} runs this image with Secrets: ${describeSecrets(u.secrets, 2)}`,
  }));
  const names2 = [...new Set(tools.map((t) => t.tool))];
  const toolList = names2.slice(0, 6).join(', ') + (names2.length > 6 ? ` and ${names2.length - 6} more` : '');
  const origin = tools[0]!.origin;
  const maybe = tools.every((t) => t.unverified);
  const what = origin.kind === 'base' ? `The base image ${origin.image} ${maybe ? 'may bring' : 'brings'}` : origin.kind === 'copy' ? 'This COPY brings' : 'This line installs';
  const unsure = tools.filter((t) => t.unverified).map((t) => t.tool);
  const note = maybe ? ' (not confirmed by the catalog\'s sources)' : unsure.length ? ` (${[...new Set(unsure)].join(', ')} not confirmed by the catalog's sources)` : '';
  const f: Omit<Finding, 'severity'> = {
    rule: spec.id,
    message: `${what} ${spec.noun} (${toolList})${note} into an image that receives ${plural(secretCount, 'Secret')} in ${shown}.`,
    location,
    image: users[0]?.container.image,
    related,
    data: { tools: tools.map((t) => t.tool), side: 'dockerfile' } satisfies ToolFindingData,
  };
  if (maybe) f.certainty = 'unverified';
  return f;
}
