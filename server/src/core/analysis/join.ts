// The join: manifests × links × image facts → exposures, and the findings of every partition.
// A manifest partition is one manifest's containers, each with the Secrets that reach it, its token
// and what its image holds; a Dockerfile partition is the images one Dockerfile builds with the
// exposures that run them. Both loops are pure functions of an explicit inputs record and the
// previous partitions: a previous partition is kept, arrays and all, while everything it read still
// holds (partitions.ts). Facts are never changed here: what the join adds (a CSI volume's
// SecretProviderClass) goes into new delivery objects on the exposure.
import type { DockerfileFacts, Finding, FindingVulnerabilities, ImageFacts, ImageLink, InputNotice, ManifestFacts, SecretDelivery, WorkloadFacts } from '../model.js';
import type { LinkDecision } from '../linking/linker.js';
import { withVulnerabilities } from '../vulns/apply.js';
import type { BuiltImage, Exposure } from '../exposure.js';
import { resolveToken } from '../kubernetes/index.js';
import type { RuleDef } from '../rules/index.js';
import { eachRead, holds, pickServiceAccount, ReadLog, type Answers, type Ask, type DockerInput, type LinkQuestion, type ObjectIndex, type Oracle, type Partition, type Reads } from './partitions.js';
import { sameItems } from '../same-items.js';
import { combineRuns, compareText, runEachRule, runRules, suppressedInManifest, type Policy, type RuleRun } from './run-rules.js';

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
  /**
   * The keys (manifest or Dockerfile paths) whose partition this join made anew or dropped, while the
   * keys and their order stayed the same; undefined when they did not (look at every partition).
   */
  readonly changed?: ReadonlySet<string>;
  /** Manifest partitions with notices, and partitions on which a rule threw: the few an analysis reports from. */
  readonly flagged: Flagged;
  /** What the next join needs to check only the partitions an edit can have changed; used once. */
  readonly state?: JoinState;
}

export interface Flagged {
  notices: ReadonlySet<string>;
  manifestFailures: ReadonlySet<string>;
  dockerfileFailures: ReadonlySet<string>;
}

/**
 * The inputs of the last join and, for each keyed input (a Dockerfile, a ServiceAccount, a
 * SecretProviderClass, a Secret source, a Dockerfile's users), the partitions that read it. The
 * next join compares its inputs with these and checks (holds()) only the partitions that read an
 * input that is no longer the same; every other partition is kept without looking at its reads.
 * Inputs read by nearly every partition (the policy, the rules, the linker, the catalog, the
 * vulnerability reports) are not indexed: when one of them changes, every partition is checked.
 * The reader sets are updated in place, so a state serves one next join only.
 */
export interface JoinState {
  inputs: JoinInputs;
  /** Keyed input → paths of the manifest partitions that read it. */
  manifestReaders: Map<string, Set<string>>;
  /** Keyed input → paths of the Dockerfile partitions that read it. */
  dockerfileReaders: Map<string, Set<string>>;
  used: boolean;
}

const NO_PARTITIONS: Joined = { manifests: new Map(), dockerfiles: new Map(), flagged: { notices: new Set(), manifestFailures: new Set(), dockerfileFailures: new Set() } };

/**
 * Joins the inputs, keeping the previous partitions that still hold. The previous join is consumed:
 * its maps may be updated in place and become this join's, so it must not be read afterwards.
 */
export function join(inputs: JoinInputs, previous: Joined = NO_PARTITIONS): Joined {
  const state = previous.state && !previous.state.used ? previous.state : undefined;
  if (state) state.used = true;
  const changed = state ? changedInputs(state.inputs, inputs) : undefined;
  const manifestReaders = state?.manifestReaders ?? readersOf(previous.manifests);
  const dockerfileReaders = state?.dockerfileReaders ?? readersOf(previous.dockerfiles);
  // Dockerfiles whose users may have changed: those a recomputed, added or removed manifest partition builds from.
  const usersChanged = new Set<string>();
  const made = new Set<string>();
  const check = changed && affected(changed, manifestReaders);
  const fast = state && check ? inPlace(state.inputs.manifests, inputs.manifests) : undefined;
  const manifests = fast
    ? rejoinManifests(inputs, previous.manifests as Map<string, Partition>, fast, check!, manifestReaders, usersChanged, made)
    : joinManifests(inputs, previous.manifests, check, manifestReaders, usersChanged);
  const dockerfiles = joinDockerfiles(inputs, manifests, previous.dockerfiles, changed && affected(changed, dockerfileReaders, usersChanged), dockerfileReaders, manifestReaders, made);
  const sameKeys = fast !== undefined && sameKeysOf(previous.dockerfiles, dockerfiles);
  const flagged = sameKeys ? updateFlags(previous.flagged, made, manifests, dockerfiles) : flagsOf(manifests, dockerfiles);
  return { manifests, dockerfiles, flagged, ...(sameKeys ? { changed: made } : {}), state: { inputs, manifestReaders, dockerfileReaders, used: false } };
}

/**
 * The positions whose manifest facts changed, when the manifests are the same files in the same
 * order (an edit of file contents); undefined when files came, went or moved. Compares pointers
 * only, so it costs no visit of any manifest's facts.
 */
function inPlace(before: readonly ManifestFacts[], now: readonly ManifestFacts[]): ManifestFacts[] | undefined {
  if (before.length !== now.length) return undefined;
  const out: ManifestFacts[] = [];
  for (let i = 0; i < now.length; i++) {
    if (before[i] === now[i]) continue;
    if (before[i]!.file !== now[i]!.file) return undefined;
    out.push(now[i]!);
  }
  return out;
}

function sameKeysOf(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const k of b.keys()) if (!a.has(k)) return false;
  return true;
}

function flagsOf(manifests: ReadonlyMap<string, Partition>, dockerfiles: ReadonlyMap<string, Partition>): Flagged {
  const notices = new Set<string>();
  const manifestFailures = new Set<string>();
  const dockerfileFailures = new Set<string>();
  for (const [k, p] of manifests) {
    if (p.notices.length > 0) notices.add(k);
    if (p.failures.size > 0) manifestFailures.add(k);
  }
  for (const [k, p] of dockerfiles) if (p.failures.size > 0) dockerfileFailures.add(k);
  return { notices, manifestFailures, dockerfileFailures };
}

/** The flags of the previous join with those of the partitions made anew changed; in path order. */
function updateFlags(before: Flagged, made: ReadonlySet<string>, manifests: ReadonlyMap<string, Partition>, dockerfiles: ReadonlyMap<string, Partition>): Flagged {
  if (made.size === 0) return before;
  const notices = new Set(before.notices);
  const manifestFailures = new Set(before.manifestFailures);
  const dockerfileFailures = new Set(before.dockerfileFailures);
  const flag = (set: Set<string>, key: string, on: boolean) => (on ? set.add(key) : set.delete(key));
  for (const k of made) {
    const m = manifests.get(k);
    flag(notices, k, (m?.notices.length ?? 0) > 0);
    flag(manifestFailures, k, (m?.failures.size ?? 0) > 0);
    flag(dockerfileFailures, k, (dockerfiles.get(k)?.failures.size ?? 0) > 0);
  }
  return { notices: sortedSet(notices), manifestFailures: sortedSet(manifestFailures), dockerfileFailures: sortedSet(dockerfileFailures) };
}

function sortedSet(set: Set<string>): Set<string> {
  return new Set([...set].sort(compareText));
}

/** What changed between two joins' inputs: everything (undefined), or the keyed inputs listed. */
function changedInputs(before: JoinInputs, now: JoinInputs): Set<string> | undefined {
  if (
    before.policy.key !== now.policy.key ||
    before.policy.rotationMaxSeconds !== now.policy.rotationMaxSeconds ||
    before.rules !== now.rules ||
    before.linkSource !== now.linkSource ||
    before.catalogImageSource !== now.catalogImageSource ||
    before.vulnSource !== now.vulnSource
  ) {
    return undefined;
  }
  const out = new Set<string>();
  for (const [path, df] of now.dockerfiles) if (before.dockerfiles.get(path) !== df) out.add(topic('dockerfile', path));
  for (const path of before.dockerfiles.keys()) if (!now.dockerfiles.has(path)) out.add(topic('dockerfile', path));
  if (before.index !== now.index) {
    changedKeys(before.index.serviceAccounts, now.index.serviceAccounts, pickServiceAccount, 'service-account', out);
    changedKeys(before.index.providerClasses, now.index.providerClasses, first, 'provider-class', out);
    changedKeys(before.index.secretSources, now.index.secretSources, first, 'secret-source', out);
  }
  return out;
}

function first<T>(list: readonly T[] | undefined): T | undefined {
  return list?.[0];
}

function changedKeys<T>(before: ReadonlyMap<string, readonly T[]>, now: ReadonlyMap<string, readonly T[]>, pick: (list: readonly T[] | undefined) => T | undefined, ask: Ask, out: Set<string>): void {
  for (const [key, list] of now) if (before.get(key) !== list && pick(before.get(key)) !== pick(list)) out.add(topic(ask, key));
  for (const [key, list] of before) if (!now.has(key) && pick(list) !== undefined) out.add(topic(ask, key));
}

/**
 * The partitions to check: those that read a changed input, or undefined for all of them. A partition
 * whose own facts changed is checked anyway (joinManifests looks at them).
 */
function affected(changed: Set<string> | undefined, readers: ReadonlyMap<string, ReadonlySet<string>>, also?: ReadonlySet<string>): Set<string> | undefined {
  if (!changed) return undefined;
  const out = new Set<string>(also);
  for (const t of changed) for (const p of readers.get(t) ?? []) out.add(p);
  return out;
}

/**
 * The keyed inputs a partition read, each once: the Dockerfile a `built` read named, the objects it
 * looked up. Reads of the policy, links, catalog images and vulnerability counts are not keyed (see
 * JoinState); `manifest` reads are the partition's own facts, which the join compares directly.
 */
function topicsOf(reads: Reads): Set<string> {
  const out = new Set<string>();
  for (const r of eachRead(reads)) {
    switch (r.ask) {
      case 'built':
        if ((r.key as ImageLink).dockerfile !== undefined) out.add(topic('dockerfile', (r.key as ImageLink).dockerfile!));
        break;
      case 'service-account':
      case 'provider-class':
      case 'secret-source':
      case 'dockerfile':
      case 'image-users':
        out.add(topic(r.ask === 'image-users' ? 'dockerfile' : r.ask, r.key as string));
        break;
      default:
    }
  }
  return out;
}

function topic(ask: Ask, key: string): string {
  return `${ask}\0${key}`;
}

function readersOf(partitions: ReadonlyMap<string, Partition>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [path, part] of partitions) addReader(out, path, part);
  return out;
}

function addReader(readers: Map<string, Set<string>>, path: string, part: Partition): void {
  for (const t of topicsOf(part.reads)) {
    const set = readers.get(t);
    if (set) set.add(path);
    else readers.set(t, new Set([path]));
  }
}

function dropReader(readers: Map<string, Set<string>>, path: string, part: Partition): void {
  for (const t of topicsOf(part.reads)) {
    const set = readers.get(t);
    if (!set) continue;
    set.delete(path);
    if (set.size === 0) readers.delete(t);
  }
}

/** The facts a manifest partition was computed from (its first read). */
function ownFacts(part: Partition): unknown {
  const f = part.reads.flat;
  return f[0] === 'manifest' ? f[2] : undefined;
}

function noteUsers(part: Partition, out: Set<string>): void {
  for (const b of part.builts) if (b) out.add(b.dockerfile.file);
}

export function joinManifests(
  inputs: JoinInputs,
  previous: ReadonlyMap<string, Partition>,
  check: ReadonlySet<string> | undefined,
  readers: Map<string, Set<string>>,
  usersChanged: Set<string>,
): Map<string, Partition> {
  const current: { manifest?: ManifestFacts } = {};
  const answer = answerFrom(inputs, current);
  const out = new Map<string, Partition>();
  for (const m of inputs.manifests) {
    current.manifest = m;
    const prev = previous.get(m.file);
    if (prev && ownFacts(prev) === m && (check ? !check.has(m.file) : false)) {
      out.set(m.file, prev);
      continue;
    }
    if (prev && holds(prev.reads, answer)) {
      out.set(m.file, prev);
      continue;
    }
    const part = manifestPartition(m, new ReadLog(answer), inputs, prev !== undefined);
    if (prev) {
      dropReader(readers, m.file, prev);
      noteUsers(prev, usersChanged);
    }
    addReader(readers, m.file, part);
    noteUsers(part, usersChanged);
    out.set(m.file, part);
  }
  for (const [path, prev] of previous) {
    if (out.has(path)) continue;
    dropReader(readers, path, prev);
    noteUsers(prev, usersChanged);
  }
  return out;
}

/**
 * joinManifests for an edit that kept every file in place: the previous map is updated, and only the
 * manifests whose facts changed and the partitions that read a changed input are looked at.
 */
function rejoinManifests(
  inputs: JoinInputs,
  out: Map<string, Partition>,
  changedFacts: readonly ManifestFacts[],
  check: ReadonlySet<string>,
  readers: Map<string, Set<string>>,
  usersChanged: Set<string>,
  made: Set<string>,
): Map<string, Partition> {
  const current: { manifest?: ManifestFacts } = {};
  const answer = answerFrom(inputs, current);
  const todo = new Map<string, ManifestFacts>();
  for (const m of changedFacts) todo.set(m.file, m);
  for (const path of check) {
    const prev = out.get(path);
    // Unchanged facts are the ones the partition was made from.
    if (prev && !todo.has(path)) todo.set(path, ownFacts(prev) as ManifestFacts);
  }
  for (const [path, m] of todo) {
    current.manifest = m;
    const prev = out.get(path);
    if (prev && holds(prev.reads, answer)) continue;
    const part = manifestPartition(m, new ReadLog(answer), inputs, prev !== undefined);
    if (prev) {
      dropReader(readers, path, prev);
      noteUsers(prev, usersChanged);
    }
    addReader(readers, path, part);
    noteUsers(part, usersChanged);
    out.set(path, part);
    made.add(path);
  }
  return out;
}

/**
 * What the rules gave on one workload's exposures, and what those exposures were made of. The parser
 * keeps the same workload object for a document an edit left alone (kubernetes/chunked.ts), so on a
 * manifest of many workloads an edit re-runs the rules on the workload it changed and takes the
 * others' runs from here, while each answer their exposures were made of is the same object.
 */
interface WorkloadRun {
  made: readonly unknown[];
  rules: readonly RuleDef[];
  policyKey: string;
  run: RuleRun;
}

const workloadRuns = new WeakMap<WorkloadFacts, WorkloadRun>();

/**
 * One manifest's exposures and findings. `remember`: the manifest had a partition before (an edit),
 * so the rules run per workload and each run is kept for the next edit; a first analysis (a scan)
 * runs them once over the whole and keeps nothing.
 */
function manifestPartition(m: ManifestFacts, log: ReadLog, inputs: JoinInputs, remember = false): Partition {
  log.get('manifest', m.file);
  log.get('policy', '');
  const exposures: Exposure[] = [];
  const builts: (BuiltImage | undefined)[] = [];
  const notices: InputNotice[] = [];
  const parts = remember && m.workloads.length > 1 && distinctRefs(m.workloads) ? [] as { w: WorkloadFacts; from: number; made: unknown[] }[] : undefined;
  for (const w of m.workloads) {
    const sa = log.get('service-account', `${w.ref.namespace}/${w.serviceAccountName || 'default'}`);
    const token = resolveToken(w, sa ? [sa] : []);
    // What this workload's exposures are made of, answer by answer (the workload's run holds while each is the same).
    let made: unknown[] | undefined;
    if (parts) {
      made = [sa];
      parts.push({ w, from: exposures.length, made });
    }
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
      made?.push(decision, built, image, e.secrets, vulns);
      exposures.push(e);
      builts.push(built);
    }
  }
  const rules = inputs.rules;
  const ctx = (list: Exposure[]) => ({ exposures: list, images: [], dockerImages: [], rotationMaxSeconds: inputs.policy.rotationMaxSeconds });
  let ran: ReturnType<typeof runRules>;
  if (parts) {
    const runs = parts.map(({ w, from, made }, i) => {
      const own = exposures.slice(from, i + 1 < parts.length ? parts[i + 1]!.from : exposures.length);
      const kept = workloadRuns.get(w);
      if (kept && kept.rules === rules && kept.policyKey === inputs.policy.key && sameItems(kept.made, made)) return kept.run;
      const run = runEachRule(rules, ctx(own), inputs.policy, suppressedInManifest(own));
      workloadRuns.set(w, { made, rules, policyKey: inputs.policy.key, run });
      return run;
    });
    ran = combineRuns(rules, runs);
  } else ran = runRules(rules, ctx(exposures), inputs.policy, suppressedInManifest(exposures));
  return { reads: log.reads, exposures, builts, findings: withImageVulns(ran.findings, log), failures: ran.failures, notices: notices.length > 0 ? notices : NO_NOTICES };
}

/**
 * True when no two workloads share kind, namespace and name: a rule may group one workload's
 * exposures by those (one finding per volume for all its containers), so per-workload runs equal one
 * run over the manifest only when no group can span two workload objects.
 */
function distinctRefs(workloads: readonly WorkloadFacts[]): boolean {
  const seen = new Set<string>();
  for (const w of workloads) {
    const key = `${w.ref.kind}\u0000${w.ref.namespace}\u0000${w.ref.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
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
  check: ReadonlySet<string> | undefined,
  readers: Map<string, Set<string>>,
  manifestReaders: ReadonlyMap<string, ReadonlySet<string>>,
  made: Set<string>,
): Map<string, Partition> {
  const used = new Map<string, UsedImage[] | undefined>();
  const usedOf = (path: string): UsedImage[] | undefined => {
    if (!used.has(path)) used.set(path, usedImages(manifests, manifestReaders, path));
    return used.get(path);
  };
  const answer = answerFrom(inputs, {}, (path) => imageUsers(inputs, usedOf(path), path));
  const out = new Map<string, Partition>();
  for (const [path, df] of inputs.dockerfiles) {
    const prev = previous.get(path);
    if (prev && ((check !== undefined && !check.has(path)) || holds(prev.reads, answer))) {
      out.set(path, prev);
      continue;
    }
    if (prev) dropReader(readers, path, prev);
    made.add(path);
    const log = new ReadLog(answer);
    log.get('dockerfile', path);
    log.get('policy', '');
    if (log.get('image-users', path).length === 0) continue;
    const images = usedOf(path);
    const rotationMaxSeconds = inputs.policy.rotationMaxSeconds;
    const ctx = images
      ? { exposures: [], images, dockerImages: images.map((u) => u.built), rotationMaxSeconds }
      : { exposures: [], images: [], dockerImages: [inputs.built(df.facts, undefined)], rotationMaxSeconds };
    const { findings, failures } = runRules(inputs.rules, ctx, inputs.policy, (f, rule) => df.suppressions.suppresses(rule, f.location.range.start.line));
    const part: Partition = { reads: log.reads, exposures: [], builts: [], findings: withImageVulns(findings, log), failures, notices: NO_NOTICES };
    addReader(readers, path, part);
    out.set(path, part);
  }
  for (const [path, prev] of previous) {
    if (out.has(path)) continue;
    dropReader(readers, path, prev);
    made.add(path);
  }
  return out;
}

interface UsedImage {
  built: BuiltImage;
  users: Exposure[];
}

/**
 * A Dockerfile's images that some exposure runs, in the order the manifests (in path order) use them,
 * each with its users: found through the manifest partitions that read the Dockerfile, not by
 * visiting every exposure of the workspace.
 */
function usedImages(manifests: ReadonlyMap<string, Partition>, readers: ReadonlyMap<string, ReadonlySet<string>>, path: string): UsedImage[] | undefined {
  const paths = readers.get(topic('dockerfile', path));
  if (!paths) return undefined;
  let out: UsedImage[] | undefined;
  const usersOf = new Map<BuiltImage, Exposure[]>();
  for (const file of [...paths].sort(compareText)) {
    const part = manifests.get(file);
    if (!part) continue;
    part.exposures.forEach((e, i) => {
      const built = part.builts[i];
      if (!built || built.dockerfile.file !== path) return;
      const users = usersOf.get(built);
      if (users) return void users.push(e);
      const entry = { built, users: [e] };
      usersOf.set(built, entry.users);
      (out ??= []).push(entry);
    });
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
function imageUsers(inputs: JoinInputs, used: readonly UsedImage[] | undefined, path: string): (BuiltImage | Exposure)[] {
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
