// The join: manifests × links × image facts → exposures, and the findings of every partition.
// A manifest partition is one manifest's containers, each with the Secrets that reach it, its token
// and what its image holds; a Dockerfile partition is the images one Dockerfile builds with the
// exposures that run them. Both loops are pure functions of an explicit inputs record and the
// previous partitions: a previous partition is kept, arrays and all, while everything it read still
// holds (partitions.ts). Facts are never changed here: what the join adds (a CSI volume's
// SecretProviderClass) goes into new delivery objects on the exposure.
import type { DockerfileFacts, Finding, FindingVulnerabilities, ImageFacts, ImageLink, InputNotice, ManifestFacts, SecretDelivery } from '../model.js';
import type { LinkDecision } from '../linking/linker.js';
import { withVulnerabilities } from '../vulns/apply.js';
import type { BuiltImage, Exposure } from '../exposure.js';
import { resolveToken } from '../kubernetes/index.js';
import type { RuleDef } from '../rules/index.js';
import { holds, pickServiceAccount, ReadLog, type Answers, type Ask, type DockerInput, type LinkQuestion, type ObjectIndex, type Oracle, type Partition } from './partitions.js';
import { runRules, suppressedInManifest, type Policy } from './run-rules.js';

export interface JoinInputs {
  /** Manifests that hold Kubernetes objects and are not excluded, in path order. */
  manifests: readonly ManifestFacts[];
  /** Workspace Dockerfiles that are not excluded, in path order. */
  dockerfiles: ReadonlyMap<string, DockerInput>;
  index: ObjectIndex;
  policy: Policy;
  rules: readonly RuleDef[];
  /** The Dockerfile an image is linked to for the manifest at `manifest`; the same object for the same question while the links are unchanged. */
  link(image: string, manifest: string): LinkDecision;
  /** The image a Dockerfile builds (final stage, or `target`); the same object while facts and catalog are. */
  built(dockerfile: DockerfileFacts, target: string | undefined): BuiltImage;
  /** Facts for an image no workspace Dockerfile builds; the same object while the catalog is. */
  catalogImage(image: string): ImageFacts;
  /** Objects replaced whenever an answer of link() or catalogImage() could change (the linker, the image-facts cache). */
  linkSource: object;
  catalogImageSource: object;
  /** The CVE counts of an image as written (core/vulns); the same object while the reports and threshold are. */
  vulns(image: string): FindingVulnerabilities | undefined;
  /** Replaced whenever the reports or the threshold change. */
  vulnSource: object;
}

export interface Joined {
  /** By manifest path, in path order. */
  manifests: ReadonlyMap<string, Partition>;
  /** By Dockerfile path, in path order. */
  dockerfiles: ReadonlyMap<string, Partition>;
}

const NO_PARTITIONS: Joined = { manifests: new Map(), dockerfiles: new Map() };

export function join(inputs: JoinInputs, previous: Joined = NO_PARTITIONS): Joined {
  const manifests = joinManifests(inputs, previous.manifests);
  return { manifests, dockerfiles: joinDockerfiles(inputs, manifests, previous.dockerfiles) };
}

export function joinManifests(inputs: JoinInputs, previous: ReadonlyMap<string, Partition>): Map<string, Partition> {
  const current: { manifest?: ManifestFacts } = {};
  const answer = answerFrom(inputs, current);
  const out = new Map<string, Partition>();
  for (const m of inputs.manifests) {
    current.manifest = m;
    const prev = previous.get(m.file);
    out.set(m.file, prev && holds(prev.reads, answer) ? prev : manifestPartition(m, new ReadLog(answer), inputs));
  }
  return out;
}

function manifestPartition(m: ManifestFacts, log: ReadLog, inputs: JoinInputs): Partition {
  log.get('manifest', m.file);
  log.get('policy', '');
  const exposures: Exposure[] = [];
  const builts: (BuiltImage | undefined)[] = [];
  const notices: InputNotice[] = [];
  for (const w of m.workloads) {
    const sa = log.get('service-account', `${w.ref.namespace}/${w.serviceAccountName || 'default'}`);
    const token = resolveToken(w, sa ? [sa] : []);
    for (const c of w.containers) {
      // A rendered manifest resolves from the file its image is written in (the template, the base).
      const decision = log.get('link', { image: c.image, manifest: c.imageLocation.file });
      const link = decision.link;
      if (decision.notice) notices.push({ file: c.imageLocation.file, range: c.imageLocation.range, severity: link ? 'info' : 'warning', message: decision.notice });
      const built = link?.dockerfile !== undefined && !link.missing ? log.get('built', link) : undefined;
      // A build without a Dockerfile (Jib, ko) ships its base image's contents: the base's facts are the image's.
      const image = built ? built.facts : log.get('catalog-image', link?.base ?? c.image);
      const e: Exposure = { file: m.file, workload: w, container: c, secrets: linkRotation(linkProviderClasses(c.secrets, w.ref.namespace, log), w.ref.namespace, log), token, image };
      if (link) e.link = link;
      const vulns = log.get('vulns', c.image);
      if (vulns) e.vulnerabilities = vulns;
      exposures.push(e);
      builts.push(built);
    }
  }
  const ran = runRules(inputs.rules, { exposures, images: [], dockerImages: [], rotationMaxSeconds: inputs.policy.rotationMaxSeconds }, inputs.policy, suppressedInManifest(exposures));
  return { reads: log.reads, exposures, builts, findings: withImageVulns(ran.findings, log), failures: ran.failures, notices: notices.length > 0 ? notices : NO_NOTICES };
}

const NO_NOTICES: readonly InputNotice[] = [];

/**
 * The deliveries with each CSI volume's SecretProviderClass filled in from the workspace. Deliveries
 * the parser already linked (the class sits in the same file) and all others are returned as they
 * are; so is the array when nothing was added.
 */
function linkProviderClasses(secrets: SecretDelivery[], namespace: string, log: ReadLog): SecretDelivery[] {
  let out: SecretDelivery[] | undefined;
  secrets.forEach((d, i) => {
    if (d.channel !== 'csi' || !d.providerClass || d.providerClass.location) return;
    const spc = log.get('provider-class', `${namespace}/${d.providerClass.name}`);
    if (!spc) return;
    out ??= [...secrets];
    out[i] = { ...d, providerClass: { name: d.providerClass.name, location: spc.location, ...(spc.provider !== undefined ? { provider: spc.provider } : {}) } };
  });
  return out ?? secrets;
}

/**
 * The deliveries with the rotation of the Secret each names, from the workspace object that writes it
 * (ExternalSecret, SealedSecret, a CSI secretObjects sync). The array is returned as is when nothing was added.
 */
function linkRotation(secrets: SecretDelivery[], namespace: string, log: ReadLog): SecretDelivery[] {
  let out: SecretDelivery[] | undefined;
  secrets.forEach((d, i) => {
    if (d.rotation || d.channel === 'csi' || d.channel === 'vault' || d.secretName === '') return;
    const src = log.get('secret-source', `${namespace}/${d.secretName}`);
    if (!src) return;
    out ??= [...secrets];
    out[i] = { ...d, rotation: { source: src.kind, name: src.name, everySeconds: src.everySeconds, text: src.text, location: src.refreshLocation ?? src.location } };
  });
  return out ?? secrets;
}

export function joinDockerfiles(
  inputs: JoinInputs,
  manifests: ReadonlyMap<string, Partition>,
  previous: ReadonlyMap<string, Partition>,
): Map<string, Partition> {
  // Each Dockerfile's images that some exposure runs, in the order the manifests use them.
  const images = new Map<string, { built: BuiltImage; users: Exposure[] }[]>();
  const usersOf = new Map<BuiltImage, Exposure[]>();
  for (const part of manifests.values()) {
    part.exposures.forEach((e, i) => {
      const built = part.builts[i];
      if (!built) return;
      const users = usersOf.get(built);
      if (users) return void users.push(e);
      const entry = { built, users: [e] };
      usersOf.set(built, entry.users);
      const list = images.get(built.dockerfile.file);
      if (list) list.push(entry);
      else images.set(built.dockerfile.file, [entry]);
    });
  }
  const answer = answerFrom(inputs, {}, (path) => imageUsers(inputs, images, path));
  const out = new Map<string, Partition>();
  for (const [path, df] of inputs.dockerfiles) {
    const prev = previous.get(path);
    if (prev && holds(prev.reads, answer)) {
      out.set(path, prev);
      continue;
    }
    const log = new ReadLog(answer);
    log.get('dockerfile', path);
    log.get('policy', '');
    if (log.get('image-users', path).length === 0) continue;
    const used = images.get(path);
    const rotationMaxSeconds = inputs.policy.rotationMaxSeconds;
    const ctx = used
      ? { exposures: [], images: used, dockerImages: used.map((u) => u.built), rotationMaxSeconds }
      : { exposures: [], images: [], dockerImages: [inputs.built(df.facts, undefined)], rotationMaxSeconds };
    const { findings, failures } = runRules(inputs.rules, ctx, inputs.policy, (f, rule) => df.suppressions.suppresses(rule, f.location.range.start.line));
    out.set(path, { reads: log.reads, exposures: [], builts: [], findings: withImageVulns(findings, log), failures, notices: NO_NOTICES });
  }
  return out;
}

/** Findings with the CVE counts of the image each names (a read, so a changed report recomputes the partition). */
function withImageVulns(findings: Finding[], log: ReadLog): Finding[] {
  let out: Finding[] | undefined;
  findings.forEach((f, i) => {
    const v = f.image ? log.get('vulns', f.image) : undefined;
    if (!v) return;
    (out ??= [...findings])[i] = withVulnerabilities(f, v);
  });
  return out ?? findings;
}

/** A Dockerfile's used images, each followed by its users; an unused Dockerfile with stages stands for its final stage. */
function imageUsers(inputs: JoinInputs, images: ReadonlyMap<string, { built: BuiltImage; users: Exposure[] }[]>, path: string): (BuiltImage | Exposure)[] {
  const used = images.get(path);
  if (used) {
    const out: (BuiltImage | Exposure)[] = [];
    for (const u of used) {
      out.push(u.built);
      for (const e of u.users) out.push(e);
    }
    return out;
  }
  const df = inputs.dockerfiles.get(path);
  return df && df.facts.stages.length > 0 ? [inputs.built(df.facts, undefined)] : [];
}

/**
 * Answers every question of partitions.ts from the inputs. `current` is the manifest being looked at,
 * so asking for it needs no index of every manifest by path.
 */
function answerFrom(inputs: JoinInputs, current: { manifest?: ManifestFacts }, imageUsersOf?: (path: string) => Answers['image-users']): Oracle {
  let byPath: Map<string, ManifestFacts> | undefined;
  const source = (ask: Ask): object | undefined => {
    switch (ask) {
      case 'link':
        return inputs.linkSource;
      case 'catalog-image':
        return inputs.catalogImageSource;
      case 'vulns':
        return inputs.vulnSource;
      case 'service-account':
      case 'provider-class':
      case 'secret-source':
        return inputs.index;
      default:
        return undefined;
    }
  };
  const answer = (ask: Ask, key: unknown): Answers[Ask] => {
    switch (ask) {
      case 'manifest':
        if (current.manifest?.file === key) return current.manifest;
        return (byPath ??= new Map(inputs.manifests.map((m) => [m.file, m]))).get(key as string);
      case 'policy':
        return inputs.policy.key;
      case 'link': {
        const q = key as LinkQuestion;
        return inputs.link(q.image, q.manifest);
      }
      case 'built': {
        const link = key as ImageLink;
        const df = link.dockerfile === undefined ? undefined : inputs.dockerfiles.get(link.dockerfile);
        return df ? inputs.built(df.facts, link.target) : undefined;
      }
      case 'catalog-image':
        return inputs.catalogImage(key as string);
      case 'vulns':
        return inputs.vulns(key as string);
      case 'service-account':
        return pickServiceAccount(inputs.index.serviceAccounts.get(key as string));
      case 'provider-class':
        return inputs.index.providerClasses.get(key as string)?.[0];
      case 'secret-source':
        return inputs.index.secretSources.get(key as string)?.[0];
      case 'dockerfile':
        return inputs.dockerfiles.get(key as string);
      case 'image-users':
        return imageUsersOf?.(key as string) ?? [];
    }
  };
  return { answer: answer as Oracle['answer'], source };
}
