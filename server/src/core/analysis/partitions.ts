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

/** One recorded read, as `Reads.each` hands it out. */
export interface Read {
  ask: Ask;
  key: unknown;
  got: unknown;
  /** The object the answer came from (see Oracle.source). */
  from: object | undefined;
}

/**
 * What a partition read: every read as four slots of one array (the question, its key, the answer,
 * the object the answer came from or undefined), and the objects answers came from, each once, as
 * (ask, object) pairs. A workspace holds thousands of partitions, so a read costs four slots and no
 * object of its own; the check looks at each source object once, not once per read.
 */
export interface Reads {
  readonly flat: readonly unknown[];
  readonly sources: readonly unknown[];
}

/** The reads one by one (for indexes over them; the check itself reads the slots). */
export function* eachRead(reads: Reads): Generator<Read> {
  const f = reads.flat;
  for (let i = 0; i < f.length; i += 4) yield { ask: f[i] as Ask, key: f[i + 1], got: f[i + 2], from: f[i + 3] as object | undefined };
}

/** Asks questions of the current inputs and records them with their answers. */
export class ReadLog {
  private readonly flat: unknown[] = [];
  private readonly sources: unknown[] = [];
  constructor(private readonly oracle: Oracle) {}

  get<K extends Ask>(ask: K, key: Keys[K]): Answers[K] {
    const got = this.oracle.answer(ask, key);
    const from = this.oracle.source(ask);
    this.flat.push(ask, key, got, from);
    if (from !== undefined && !this.hasSource(ask, from)) this.sources.push(ask, from);
    return got;
  }

  private hasSource(ask: Ask, from: object): boolean {
    for (let i = 0; i < this.sources.length; i += 2) if (this.sources[i] === ask && this.sources[i + 1] === from) return true;
    return false;
  }

  /** The reads so far, in arrays of their exact size (a partition keeps them as long as it holds). */
  get reads(): Reads {
    return { flat: this.flat.slice(), sources: this.sources.slice() };
  }
}

/** True while every recorded question gets the same answer from the current inputs. */
export function holds(reads: Reads, oracle: Oracle): boolean {
  const { flat, sources } = reads;
  let sourcesSame = true;
  for (let i = 0; i < sources.length; i += 2) {
    if (oracle.source(sources[i] as Ask) !== sources[i + 1]) {
      sourcesSame = false;
      break;
    }
  }
  for (let i = 0; i < flat.length; i += 4) {
    const ask = flat[i] as Ask;
    const from = flat[i + 3];
    // A read whose source object is still the same needs no answer.
    if (from !== undefined && (sourcesSame || from === oracle.source(ask))) continue;
    if (!same(oracle.answer(ask, flat[i + 1] as never), flat[i + 2])) return false;
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
