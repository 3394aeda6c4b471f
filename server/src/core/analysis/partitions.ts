// What a partition read and whether it still holds. A partition is one manifest's exposures and
// findings, or one Dockerfile's image findings; the join (join.ts) recomputes a partition only when
// something it read is no longer what it was.
//
// The one mechanism: while a partition is computed, every input it takes goes through a ReadLog,
// which records the question (`ask` + `key`) and the answer it got. Later the same questions are
// asked of the current inputs; the partition holds while every answer is the very same value
// (Object.is; for a list, the same values in the same order). Answers are facts objects, cached
// image facts and links, which the workspace replaces when their source changes and keeps
// otherwise, so identity says "unchanged" without comparing any content. Nothing else decides.
// Some questions are answered from one object that is replaced whenever any of its answers could
// change (the linker, the object index, the cache of catalog image facts): a read records that
// object too, and while it is the same object the question need not be asked again.
import type {
  DockerfileFacts,
  Finding,
  FindingVulnerabilities,
  ImageFacts,
  ImageLink,
  InputNotice,
  ManifestFacts,
  SecretProviderClassFacts,
  SecretSourceFacts,
  ServiceAccountFacts,
} from '../model.js';
import type { BuiltImage, Exposure } from '../exposure.js';
import type { Suppressions } from '../docker/suppressions.js';
import type { LinkDecision } from '../linking/linker.js';

/** A workspace Dockerfile as the join reads it. */
export interface DockerInput {
  facts: DockerfileFacts;
  suppressions: Suppressions;
}

/** Every question a partition may ask, and the type of its answer. */
export interface Answers {
  /** The facts of the partition's own manifest. */
  manifest: ManifestFacts | undefined;
  /** The severity overrides and excludes, as one string. */
  policy: string;
  /** The Dockerfile an image is linked to as one manifest sees it (its build configs, its directory), or why none is. */
  link: LinkDecision;
  /** The image a workspace Dockerfile builds (its final or target stage); undefined when the Dockerfile is not read. */
  built: BuiltImage | undefined;
  /** What an image holds when no workspace Dockerfile builds it: the outside source, else the catalog. */
  'catalog-image': ImageFacts;
  /** The ServiceAccount object whose setting decides the token. */
  'service-account': ServiceAccountFacts | undefined;
  /** The SecretProviderClass a CSI volume names. */
  'provider-class': SecretProviderClassFacts | undefined;
  /** The object that writes a Kubernetes Secret and decides its rotation. */
  'secret-source': SecretSourceFacts | undefined;
  /** A workspace Dockerfile. */
  dockerfile: DockerInput | undefined;
  /** The images a Dockerfile builds, each followed by the exposures that run it. */
  'image-users': readonly (BuiltImage | Exposure)[];
  /** The CVE counts the vulnerability reports give an image. */
  vulns: FindingVulnerabilities | undefined;
}

/** What each question is about. Keys are kept as given, so asking again allocates nothing. */
export interface Keys {
  /** The manifest's path. */
  manifest: string;
  policy: '';
  /** The image as written, and the file it is written in (the scope it resolves from). */
  link: LinkQuestion;
  /** The link that names the Dockerfile and target. */
  built: ImageLink;
  /** The image as written. */
  'catalog-image': string;
  /** `namespace/name`. */
  'service-account': string;
  /** `namespace/name`. */
  'provider-class': string;
  /** `namespace/secret name`. */
  'secret-source': string;
  /** The Dockerfile's path. */
  dockerfile: string;
  /** The Dockerfile's path. */
  'image-users': string;
  /** The image as written. */
  vulns: string;
}

export type Ask = keyof Answers;

/** An image as written in one manifest: links resolve from the manifest's side. */
export interface LinkQuestion {
  image: string;
  manifest: string;
}

/** The current inputs, as partitions ask them. */
export interface Oracle {
  answer<K extends Ask>(ask: K, key: Keys[K]): Answers[K];
  /** The object answers to `ask` come from, if one is replaced whenever any of them could change; else undefined. */
  source(ask: Ask): object | undefined;
}

export interface Read {
  ask: Ask;
  key: unknown;
  got: unknown;
  /** The object the answer came from (see Oracle.source). */
  from: object | undefined;
}

/**
 * What a partition read: every read, and the same reads grouped for the check — the objects answers
 * came from (each once) and the reads answered directly. A workspace holds thousands of partitions and
 * checks them all on every edit, so the check looks at each source object once, not once per read.
 */
export interface Reads {
  all: readonly Read[];
  sources: readonly { ask: Ask; from: object }[];
  direct: readonly Read[];
}

/** Asks questions of the current inputs and records them with their answers. */
export class ReadLog {
  private readonly all: Read[] = [];
  private readonly sources: { ask: Ask; from: object }[] = [];
  private readonly direct: Read[] = [];
  constructor(private readonly oracle: Oracle) {}

  get<K extends Ask>(ask: K, key: Keys[K]): Answers[K] {
    const got = this.oracle.answer(ask, key);
    const from = this.oracle.source(ask);
    const read: Read = { ask, key, got, from };
    this.all.push(read);
    if (from === undefined) this.direct.push(read);
    else if (!this.sources.some((s) => s.ask === ask && s.from === from)) this.sources.push({ ask, from });
    return got;
  }

  get reads(): Reads {
    return { all: this.all, sources: this.sources, direct: this.direct };
  }
}

/** True while every recorded question gets the same answer from the current inputs. */
export function holds(reads: Reads, oracle: Oracle): boolean {
  for (const s of reads.sources) if (oracle.source(s.ask) !== s.from) return holdsEach(reads.all, oracle);
  for (const r of reads.direct) if (!same(oracle.answer(r.ask, r.key as never), r.got)) return false;
  return true;
}

/** The same, read by read: a read whose source object is still the same needs no answer. */
function holdsEach(reads: readonly Read[], oracle: Oracle): boolean {
  for (const r of reads) {
    if (r.from !== undefined && r.from === oracle.source(r.ask)) continue;
    if (!same(oracle.answer(r.ask, r.key as never), r.got)) return false;
  }
  return true;
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** What one partition contributed, and what it read to get there. */
export interface Partition {
  reads: Reads;
  /** Manifests: one row per container; Dockerfiles: none. */
  exposures: readonly Exposure[];
  /** Manifests: for each exposure, the workspace Dockerfile image it runs, if any. */
  builts: readonly (BuiltImage | undefined)[];
  /** Sorted; kept as the same array while the partition holds. */
  findings: readonly Finding[];
  /** Rules that threw on this partition's input, with the error message (usually NO_FAILURES). */
  failures: ReadonlyMap<string, string>;
  /** What the partition's reads said about its inputs: an image left unlinked, and why. */
  notices: readonly InputNotice[];
}

/** ServiceAccounts and SecretProviderClasses by `namespace/name`, over the whole workspace. */
export interface ObjectIndex {
  serviceAccounts: ReadonlyMap<string, readonly ServiceAccountFacts[]>;
  providerClasses: ReadonlyMap<string, readonly SecretProviderClassFacts[]>;
  /** ExternalSecrets, SealedSecrets and CSI syncs by `namespace/secret name` (the first one in path order decides). */
  secretSources: ReadonlyMap<string, readonly SecretSourceFacts[]>;
}

/** Builds the index from the manifests that hold such objects (in path order, so the first one wins the same way every time). */
export function buildObjectIndex(holders: readonly ManifestFacts[]): ObjectIndex {
  return {
    serviceAccounts: groupBy(holders.flatMap((m) => m.serviceAccounts), (s) => `${s.namespace}/${s.name}`),
    providerClasses: groupBy(holders.flatMap((m) => m.secretProviderClasses), (s) => `${s.namespace}/${s.name}`),
    secretSources: groupBy(holders.flatMap((m) => m.secretSources ?? []), (s) => `${s.namespace}/${s.secretName}`),
  };
}

/** The ServiceAccount object whose setting decides the token, as resolveToken picks it. */
export function pickServiceAccount(list: readonly ServiceAccountFacts[] | undefined): ServiceAccountFacts | undefined {
  return list?.find((s) => s.automountToken);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}
