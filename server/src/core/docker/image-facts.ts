// What the built image holds: the target (or last) stage, followed down its FROM <stage> chain to an external
// base looked up in the catalog, with every stage's installs and removals applied in file order. Each tool
// keeps where it came from (the FROM line's base image, the RUN line's package word, the COPY --from path).
import type { CommandFact, ImageFacts, Location, StageFacts, ToolFact, DockerfileFacts, CatalogImage } from '../model.js';
import type { Catalog } from '../catalog/catalog.js';
import { BUSYBOX_NETWORK_APPLETS, BUSYBOX_SHELL_APPLETS } from '../catalog/tools.js';
import { comparePositions } from '../text/positions.js';
import { runEvidence, stageShell, startEvidence } from './stage-evidence.js';

const APPLETS = new Set([...BUSYBOX_SHELL_APPLETS, ...BUSYBOX_NETWORK_APPLETS]);

/** The stage a build targets: by name (case-insensitive) or index, else the last one. */
export function targetStage(df: DockerfileFacts, target?: string): StageFacts | undefined {
  if (target !== undefined && target !== '') {
    const t = target.toLowerCase();
    const byName = df.stages.find((s) => s.name?.toLowerCase() === t);
    if (byName) return byName;
    if (/^[0-9]+$/.test(target)) {
      const byIndex = df.stages[Number(target)];
      if (byIndex) return byIndex;
    }
  }
  return df.stages[df.stages.length - 1];
}

/**
 * What an image holds according to a source outside the workspace and the catalog (the registry): asked
 * for a FROM base the catalog does not know. Returns facts of source `registry`, or nothing.
 */
export type OutsideImageFacts = (image: string) => ImageFacts | undefined;

export function imageFacts(df: DockerfileFacts, catalog: Catalog, target?: string, outside?: OutsideImageFacts): ImageFacts {
  const final = targetStage(df, target);
  if (!final) {
    return { source: 'dockerfile', tools: [], commands: [], unresolved: `${df.file} has no FROM instruction` };
  }
  // The chain from the external base up to the target stage.
  const chain: StageFacts[] = [];
  const seen = new Set<number>();
  for (let s: StageFacts | undefined = final; s && !seen.has(s.index); s = s.baseStage !== undefined ? df.stages[s.baseStage] : undefined) {
    seen.add(s.index);
    chain.unshift(s);
  }
  const root = chain[0]!;
  const facts: ImageFacts = {
    source: 'dockerfile',
    tools: [],
    commands: [],
    stage: { file: df.file, index: final.index, location: final.location },
  };
  const base = root.baseImage;
  let catalogImage: CatalogImage | undefined;
  let registryBase: ImageFacts | undefined;
  if (base === '') facts.unresolved = `stage ${stageLabel(root)} has no base image`;
  else if (base.toLowerCase() === 'scratch') {
    facts.baseImage = 'scratch';
    catalogImage = catalog.lookupImage('scratch');
  } else {
    facts.baseImage = base;
    if (base.includes('$')) facts.unresolved = `base image ${base} could not be resolved: a build argument has no value`;
    else {
      catalogImage = catalog.lookupImage(base);
      if (!catalogImage) {
        const read = outside?.(base);
        if (read?.source === 'registry' && read.registry) {
          // The base as its registry holds it: the layer origins stand for the FROM line.
          registryBase = read;
          facts.registry = read.registry;
          facts.tools = read.tools.map((t) => ({ ...t }));
          if (read.runtime) facts.runtime = read.runtime;
        } else facts.unresolved = read?.unresolved ?? `unknown base image ${base}`;
      }
    }
  }
  if (catalogImage) {
    facts.catalog = catalogImage;
    if (catalogImage.runtime) facts.runtime = catalogImage.runtime;
    facts.tools = baseTools(catalogImage, base, root.fromLocation);
  }

  let tools = facts.tools;
  let user: string | undefined;
  const lastOf: Partial<Record<'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK', CommandFact>> = {};
  // What the Dockerfile itself proves counts where the base says nothing: an unknown base, or a tool the
  // catalog only may hold. Evidence never overrides the catalog's "absent".
  const proves = (t: ToolFact): boolean => (!catalogImage && !registryBase) || tools.some((x) => x.tool === t.tool && x.unverified);
  for (const [i, stage] of chain.entries()) {
    for (const ev of events(stage, runEvidence(stage, df.escape, catalog, stageShell(chain, i)))) {
      if (ev.add) {
        if (ev.add.origin.kind !== 'evidence' || proves(ev.add)) tools = add(tools, ev.add);
      } else tools = remove(tools, ev.remove!.tool);
    }
    if (stage.user) user = stage.user.value;
    for (const c of stage.commands) if (c.instruction !== 'RUN') lastOf[c.instruction] = c;
  }
  const starts = (['ENTRYPOINT', 'CMD', 'HEALTHCHECK'] as const).map((k) => lastOf[k]).filter((c): c is CommandFact => c !== undefined);
  for (const t of startEvidence(starts, stageShell(chain, chain.length - 1))) if (proves(t)) tools = add(tools, t);
  facts.tools = tools;
  if (user !== undefined) facts.user = user;
  else if (catalogImage?.defaultUser) facts.user = catalogImage.defaultUser;
  else if (registryBase?.user !== undefined) facts.user = registryBase.user;
  facts.commands = [
    ...final.commands.filter((c) => c.instruction === 'RUN'),
    ...(['ENTRYPOINT', 'CMD', 'HEALTHCHECK'] as const).map((k) => lastOf[k]).filter((c): c is CommandFact => c !== undefined && !(c.instruction === 'HEALTHCHECK' && c.text === 'NONE')),
  ];
  return facts;
}

/** Facts for an image that no workspace Dockerfile builds: the catalog's, or unknown. */
export function imageFactsFromCatalog(image: string, catalog: Catalog): ImageFacts {
  const found = catalog.lookupImage(image);
  if (!found) return { source: 'unknown', baseImage: image, tools: [], commands: [], unresolved: `the catalog does not know image ${image}` };
  const facts: ImageFacts = { source: 'catalog', baseImage: image, catalog: found, tools: baseTools(found, image), commands: [] };
  if (found.runtime) facts.runtime = found.runtime;
  if (found.defaultUser) facts.user = found.defaultUser;
  return facts;
}

function baseTools(img: CatalogImage, image: string, location?: Location): ToolFact[] {
  const out: ToolFact[] = [];
  for (const t of img.tools) {
    if (t.state === 'no') continue;
    const origin: ToolFact['origin'] = location ? { kind: 'base', image, catalogId: img.id, location } : { kind: 'base', image, catalogId: img.id };
    const f: ToolFact = { tool: t.tool, category: t.category, origin };
    if (t.via) f.via = t.via;
    if (t.state === 'unverified') f.unverified = true;
    out.push(f);
  }
  return out;
}

type Event = { at: Location; add?: ToolFact; remove?: { tool: string; location: Location } };

function events(stage: StageFacts, proven: readonly ToolFact[] = []): Event[] {
  const evs: Event[] = [];
  for (const t of [...stage.added, ...proven]) evs.push({ at: originLocation(t) ?? stage.fromLocation, add: t });
  for (const r of stage.removed) evs.push({ at: r.location, remove: r });
  // Installs and removals happen in file order (`apk add curl && apk del curl` leaves no curl).
  evs.sort((a, b) => comparePositions(a.at.range.start, b.at.range.start) || (a.add ? -1 : 1) - (b.add ? -1 : 1));
  return evs;
}

function originLocation(t: ToolFact): Location | undefined {
  const o = t.origin;
  return o.kind === 'run' || o.kind === 'copy' || o.kind === 'base' || o.kind === 'evidence' ? o.location : undefined;
}

function add(tools: ToolFact[], t: ToolFact): ToolFact[] {
  // A package installed again over a base image tool: the base one stays the origin of record. A tool the
  // Dockerfile only proved (a RUN calls it) gives way to the line that installs it.
  const same = tools.find((x) => x.tool === t.tool && x.via === t.via && !x.unverified);
  if (same) return same.origin.kind === 'evidence' && t.origin.kind !== 'evidence' ? [...tools.filter((x) => x !== same), t] : tools;
  return [...tools.filter((x) => !(x.tool === t.tool && x.unverified)), t];
}

function remove(tools: ToolFact[], tool: string): ToolFact[] {
  if (tool === 'busybox') return tools.filter((x) => x.tool !== 'busybox' && x.via !== 'busybox');
  const busybox = tools.find((x) => x.tool === 'busybox');
  const kept = tools.filter((x) => x.tool !== tool || (busybox !== undefined && x.via === 'busybox'));
  // Deleting one applet link leaves the busybox binary, which still runs `busybox wget …`.
  if (busybox && APPLETS.has(tool) && !kept.some((x) => x.tool === tool)) {
    const category = BUSYBOX_SHELL_APPLETS.includes(tool) ? 'shell' : 'network';
    kept.push({ tool, category, origin: busybox.origin, via: 'busybox' });
  }
  return kept;
}

function stageLabel(s: StageFacts): string {
  return s.name ? `${s.index} (${s.name})` : String(s.index);
}
