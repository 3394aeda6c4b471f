// What a rule is: an id, a default severity, its documentation, and a check over the joined facts.
// Rules return findings without severity overrides or suppressions; the workspace applies those.
import type { Exposure, BuiltImage } from '../exposure.js';
import type { CommandFact, Finding, Location, RelatedInfo, SecretDelivery, Severity, ToolFact, WorkloadRef } from '../model.js';
import { decidedBy } from '../image-decision.js';

export interface RuleDocs {
  /** One line: what the rule reports. */
  summary: string;
  what: string;
  why: string;
  /** A small example that fires (YAML and/or Dockerfile, fenced in markdown). */
  example: string;
  /** What to do instead (fenced examples welcome). */
  instead: string;
}

/**
 * One partition of the workspace: either one manifest's exposures, or one Dockerfile's images with
 * the exposures that use them. A rule reports only on what its partition holds (YAML-side findings
 * from `exposures`, Dockerfile-side ones from `images`/`dockerImages`), which is what lets the
 * workspace re-run a rule on the partitions an edit touched and keep the rest.
 */
export interface RuleContext {
  exposures: readonly Exposure[];
  /** Every Dockerfile image that some workload uses, with the exposures that use it. */
  images: readonly { built: BuiltImage; users: Exposure[] }[];
  /** The image of every Dockerfile in the workspace (final stage, and each stage a build config targets). */
  dockerImages: readonly BuiltImage[];
  /** The longest rotation allowed for Secrets of unhardened images, in seconds (24h when absent). */
  rotationMaxSeconds?: number;
}

export interface RuleDef<Id extends string = string> {
  id: Id;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(ctx: RuleContext): Omit<Finding, 'severity'>[];
}

/** A rule with its id kept as a literal type, so the catalog can derive `RuleId` from it. */
export function defineRule<const Id extends string>(rule: RuleDef<Id>): RuleDef<Id> {
  return rule;
}

// ---------------------------------------------------------------- what rules hand their fixes

/** `Finding.data` of the tool rules (shell, network client, interpreter, token): the tools it is about. */
export interface ToolFindingData {
  tools: string[];
  /** YAML side: the Dockerfile the image is linked to. */
  dockerfile?: string;
  side?: 'dockerfile';
  /** The words the message starts with (`Shell (sh, bash)`): what an editor merges per place (core/problems.ts). */
  subject?: string;
}

/** `Finding.data` of shell-form-without-shell: the instruction (Dockerfile) or the site (manifest). */
export interface ShellFormData {
  instruction?: CommandFact['instruction'];
  /** `command`, or the exec handler's site (`liveness probe`, `postStart hook` …). */
  site?: string;
  side?: 'dockerfile';
}

/** The tools a tool rule's finding names (empty when the data is missing or not a list). */
export function toolFindingData(f: Pick<Finding, 'data'>): ToolFindingData {
  const tools = f.data?.['tools'];
  return { tools: Array.isArray(tools) ? tools.map(String) : [] };
}

/** The instruction or site a shell-form finding names. */
export function shellFormData(f: Pick<Finding, 'data'>): ShellFormData {
  const out: ShellFormData = {};
  const instruction = f.data?.['instruction'];
  const site = f.data?.['site'];
  if (typeof instruction === 'string') out.instruction = instruction as CommandFact['instruction'];
  if (typeof site === 'string') out.site = site;
  return out;
}

export const DOCS_BASE = 'https://github.com/secret-surface/secret-surface/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

// ---------------------------------------------------------------- message helpers shared by rules

export function workloadLabel(ref: WorkloadRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

export function describeDelivery(d: SecretDelivery): string {
  const opt = d.optional ? ', optional' : '';
  switch (d.channel) {
    case 'env':
      return `"${d.secretName}" as env ${d.envName ?? '?'}${d.key ? ` (key ${d.key})` : ''}${opt}`;
    case 'envFrom':
      return `"${d.secretName}" as all its keys in env${d.envName ? ` (prefix ${d.envName})` : ''}${opt}`;
    case 'volume':
      return `"${d.secretName}" as files at ${d.mountPath ?? '?'}${opt}`;
    case 'projected':
      return `"${d.secretName}" as projected files at ${d.mountPath ?? '?'}${opt}`;
    case 'csi':
      return `SecretProviderClass "${d.secretName}" as CSI files at ${d.mountPath ?? '?'}`;
    case 'vault':
      return `Vault secret "${d.secretName}" rendered by the Vault Agent at ${d.mountPath ?? '?'}`;
  }
}

export function describeSecrets(secrets: readonly SecretDelivery[], max = 3): string {
  const parts = secrets.slice(0, max).map(describeDelivery);
  if (secrets.length > max) parts.push(`${secrets.length - max} more`);
  return parts.join('; ');
}

/** `sh, bash (base image node:20)` / `curl (installed by RUN at Dockerfile:7)`. */
export function describeTools(tools: readonly ToolFact[], max = 4): string {
  const groups = new Map<string, { names: string[]; applets: string[] }>();
  for (const t of tools) {
    const key = originText(t);
    const g = groups.get(key) ?? { names: [], applets: [] };
    // Busybox applets are one binary: name it once and list the applets that matter.
    const list = t.via ? g.applets : g.names;
    if (!list.includes(t.tool)) list.push(t.tool);
    groups.set(key, g);
  }
  const parts: string[] = [];
  for (const [origin, { names, applets }] of groups) {
    const shownNames = names.filter((n) => !(applets.length && n === 'busybox'));
    const items = shownNames.slice(0, max);
    if (shownNames.length > max) items.push(`${shownNames.length - max} more`);
    if (applets.length) items.push(`busybox (${applets.join(', ')})`);
    parts.push(`${items.join(', ')} (${origin})`);
  }
  return parts.join('; ');
}

/** `node@sha256:0123456789ab…`: a full digest in a sentence hides the words around it. */
export function shortImage(ref: string): string {
  return ref.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}/g, '@sha256:$1…');
}

export function originText(t: ToolFact): string {
  const o = t.origin;
  switch (o.kind) {
    case 'base':
      return `from base image ${shortImage(o.image)}`;
    case 'run':
      return `installed by ${o.manager} at ${o.location.file}:${o.location.range.start.line + 1}`;
    case 'copy':
      return `copied from ${o.from} at ${o.location.file}:${o.location.range.start.line + 1}`;
    case 'layer':
      return `layer ${o.digest.slice(0, 19)} ${o.path}`;
    case 'config':
      return o.detail;
    case 'evidence':
      return `${o.detail} at ${o.location.file}:${o.location.range.start.line + 1}`;
  }
}

export function originLocation(t: ToolFact): Location | undefined {
  const o = t.origin;
  if (o.kind === 'run' || o.kind === 'copy' || o.kind === 'evidence') return o.location;
  if (o.kind === 'base') return o.location;
  return undefined;
}

/** `curl, wget, openssl from base image node:20 (openssl: may have, not confirmed by the catalog's sources)`. */
function evidence(tools: readonly ToolFact[], origin: string): string {
  const names = [...new Set(tools.map((n) => n.tool))];
  const unsure = [...new Set(tools.filter((n) => n.unverified).map((n) => n.tool))];
  const note = unsure.length ? ` (${unsure.join(', ')}: may have, not confirmed by the catalog's sources)` : '';
  return `${names.join(', ')} ${origin}${note}`;
}

/** Related locations for a YAML-side finding: each Secret's delivery and each tool's origin. */
export function relatedFor(e: Exposure, tools: readonly ToolFact[]): RelatedInfo[] {
  const related: RelatedInfo[] = [];
  for (const s of e.secrets) related.push({ location: s.location, message: `Secret ${describeDelivery(s)}` });
  const seen = new Set<string>();
  const placeless = new Map<string, ToolFact[]>();
  for (const t of tools) {
    const loc = originLocation(t);
    if (!loc) {
      // A catalog base, a registry layer or a config entry has no line to point at: the evidence sits on the image value.
      const origin = originText(t);
      placeless.set(origin, [...(placeless.get(origin) ?? []), t]);
      continue;
    }
    const key = `${loc.file}:${loc.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const names = tools.filter((x) => {
      const l = originLocation(x);
      return l && `${l.file}:${l.range.start.line}` === key;
    });
    related.push({ location: loc, message: evidence(names, originText(t).replace(/ at .*$/, '')) });
  }
  for (const [origin, names] of placeless) related.push({ location: e.container.imageLocation, message: evidence(names, origin) });
  if (e.link?.location) related.push({ location: e.link.location, message: `image linked here: ${e.link.reason}` });
  return related;
}

/** The fields every YAML-side finding shares. */
export function yamlFinding(rule: string, e: Exposure, message: string, related: RelatedInfo[], data?: object): Omit<Finding, 'severity'> {
  const f: Omit<Finding, 'severity'> = {
    rule,
    message,
    location: e.container.imageLocation,
    workload: e.workload.ref,
    container: e.container.name,
    image: e.container.image,
    related,
    decidedBy: decidedBy(e.image, e.link),
  };
  if (data) f.data = { ...data };
  return f;
}

export function imageDescription(e: Exposure): string {
  const base = e.image.baseImage && e.image.baseImage !== e.container.image ? ` (built on ${shortImage(e.image.baseImage)})` : '';
  return `${shortImage(e.container.image)}${base}`;
}

export function containerLabel(e: Exposure): string {
  return `Container "${e.container.name}" of ${workloadLabel(e.workload.ref)}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
