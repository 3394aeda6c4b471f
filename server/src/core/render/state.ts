// The workspace's render state: the plan (kept while no chart, kustomization or the file set changes),
// the outcome an adapter reported for each unit, and the rendered manifests with their locations moved
// to the files a person edits. The Workspace asks it which files to leave to rendering, which rendered
// manifests to analyse, how to word a rendered finding, and what to put in the summary.
import type { Finding, InputNotice, Location, ManifestFacts, RelatedInfo } from '../model.js';
import { parseManifest } from '../kubernetes/index.js';
import { mapRange } from './align.js';
import { buildRenderPlan, emptyPlan, type ChartSettings, type RenderPlan, type RenderUnit } from './plan.js';
import { failureNotice, readRenderedOutput, type RenderOutcome, type RenderedManifest, type SourceLookup } from './rendered.js';
import { isChartFile, isKustomizationFile, readChart, readKustomization } from './sources.js';

export interface UnitStatus {
  unit: RenderUnit;
  /** `pending`: no adapter has reported on the unit (yet). */
  status: 'rendered' | 'failed' | 'not-rendered' | 'blocked' | 'pending';
  reason?: string;
  tool?: string;
  millis?: number;
  manifests: number;
}

export interface Prepared {
  plan: RenderPlan;
  /** Rendered manifests to analyse, each keyed `<source>#<unit>`. The same objects while nothing changed. */
  manifests: ManifestFacts[];
  /** True for a file that is analysed through rendering only (chart files, patches, covered resources). */
  hidden(path: string): boolean;
  notices: InputNotice[];
  units: UnitStatus[];
  /** A partition's findings worded for where they came from (values files, overlay); same array for the same input. */
  decorate(key: string, findings: readonly Finding[]): readonly Finding[];
}

interface Rendered {
  outcome: RenderOutcome;
  planVersion: number;
  manifests: ManifestFacts[];
  notices: InputNotice[];
}

export class RenderState {
  private version = 0;
  private planCache: { version: number; settings: string; plan: RenderPlan } | undefined;
  private readonly sources = new Map<string, string>();
  private readonly outcomes = new Map<string, RenderOutcome>();
  private readonly rendered = new Map<string, Rendered>();
  private readonly decorated = new WeakMap<readonly Finding[], readonly Finding[]>();

  /** Called for every file added, changed (text) or removed (undefined). */
  noteFile(path: string, text: string | undefined, isNew: boolean): void {
    if (isChartFile(path) || isKustomizationFile(path)) {
      if (text === undefined) this.sources.delete(path);
      else if (this.sources.get(path) !== text) this.sources.set(path, text);
      else if (!isNew) return;
      this.version++;
    } else if (isNew || text === undefined) this.version++;
  }

  /** Records what the adapter got for a unit; undefined forgets it. */
  setOutcome(unitId: string, outcome: RenderOutcome | undefined): void {
    if (outcome) this.outcomes.set(unitId, outcome);
    else this.outcomes.delete(unitId);
    this.rendered.delete(unitId);
  }

  plan(files: () => readonly string[], settings: Readonly<Record<string, ChartSettings>> = {}): RenderPlan {
    const key = JSON.stringify(settings);
    if (this.planCache && this.planCache.version === this.version && this.planCache.settings === key) return this.planCache.plan;
    const charts = [...this.sources].filter(([p]) => isChartFile(p)).map(([p, t]) => readChart(p, t));
    const kustomizations = [...this.sources].filter(([p]) => isKustomizationFile(p)).map(([p, t]) => readKustomization(p, t));
    const plan = charts.length || kustomizations.length ? buildRenderPlan({ files: files(), charts, kustomizations, chartSettings: settings }) : emptyPlan();
    this.planCache = { version: this.version, settings: key, plan };
    return plan;
  }

  prepare(files: () => readonly string[], lookup: SourceLookup, settings: Readonly<Record<string, ChartSettings>> = {}): Prepared {
    const plan = this.plan(files, settings);
    const notices: InputNotice[] = [...plan.notices];
    const manifests: ManifestFacts[] = [];
    const units: UnitStatus[] = [];
    const ok = new Set<string>();
    const info = new Map<string, RenderUnit>();
    for (const unit of plan.units) {
      const outcome = this.outcomes.get(unit.id);
      if (unit.blocked) {
        units.push({ unit, status: 'blocked', reason: unit.blocked, manifests: 0 });
        notices.push({ file: unit.file, range: line0, severity: 'error', message: `Not rendered: ${unit.blocked}.` });
        continue;
      }
      if (!outcome) {
        units.push({ unit, status: 'pending', reason: 'no renderer ran', manifests: 0 });
        continue;
      }
      const base = { unit, ...(outcome.status !== 'not-rendered' && outcome.tool ? { tool: outcome.tool } : {}), ...(outcome.status !== 'not-rendered' && outcome.millis !== undefined ? { millis: outcome.millis } : {}) };
      if (outcome.status === 'not-rendered') {
        units.push({ ...base, status: 'not-rendered', reason: outcome.reason, manifests: 0 });
        notices.push({ file: unit.file, range: line0, severity: 'warning', message: `${unit.tool === 'helm' ? 'Chart' : 'Overlay'} ${unit.dir || './'} not rendered: ${outcome.reason}. Its Secrets are not checked.` });
        continue;
      }
      if (outcome.status === 'failed') {
        units.push({ ...base, status: 'failed', reason: outcome.message, manifests: 0 });
        notices.push(failureNotice(unit, outcome.message));
        continue;
      }
      let r = this.rendered.get(unit.id);
      if (!r || r.outcome !== outcome || r.planVersion !== this.version) {
        r = this.read(unit, plan, outcome, lookup);
        this.rendered.set(unit.id, r);
      }
      ok.add(unit.id);
      info.set(unit.id, unit);
      manifests.push(...r.manifests);
      notices.push(...r.notices);
      units.push({ ...base, status: 'rendered', manifests: r.manifests.length });
    }
    const owned = plan.owned;
    return {
      plan,
      manifests,
      notices,
      units,
      hidden(path) {
        const o = owned.get(path);
        if (!o) return false;
        if (o.role !== 'resource') return true;
        return o.units.some((u) => ok.has(u));
      },
      decorate: (key, findings) => {
        const at = key.lastIndexOf('#');
        const unit = at >= 0 ? info.get(key.slice(at + 1)) : undefined;
        if (!unit || findings.length === 0) return findings;
        let out = this.decorated.get(findings);
        if (!out) {
          out = findings.map((f) => decorateFinding(f, unit, lookup));
          this.decorated.set(findings, out);
        }
        return out;
      },
    };
  }

  private read(unit: RenderUnit, plan: RenderPlan, outcome: Extract<RenderOutcome, { status: 'rendered' }>, lookup: SourceLookup): Rendered {
    const { manifests, notices } = readRenderedOutput(unit, plan, outcome.output, lookup);
    const lines = new Map<string, readonly string[]>();
    const sourceLines = (file: string) => {
      let l = lines.get(file);
      if (!l) {
        const t = lookup.text(file);
        if (t === undefined) return undefined;
        lines.set(file, (l = t.split(/\r?\n/)));
      }
      return l;
    };
    const facts = manifests.map((m) => mapFacts(m, sourceLines, unit.tool === 'helm' ? unit.namespace : undefined));
    return { outcome, planVersion: this.version, manifests: facts, notices };
  }
}

const line0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Parses a rendered manifest and moves every location in its facts to the source line it maps to. */
function mapFacts(m: RenderedManifest, sourceLines: (file: string) => readonly string[] | undefined, releaseNamespace: string | undefined): ManifestFacts {
  const facts = parseManifest(m.key, m.text);
  if (releaseNamespace) {
    // helm installs an object that names no namespace into the release's: so does the analysis.
    const lines = m.text.split('\n');
    for (const w of facts.workloads) if (!namesNamespace(lines, w.location.range.start.line, w.location.range.end.line)) w.ref.namespace = releaseNamespace;
    for (const x of [...facts.serviceAccounts, ...facts.secretProviderClasses]) if (!namesNamespace(lines, x.location.range.start.line, x.location.range.end.line)) x.namespace = releaseNamespace;
  }
  const fallback: Location = { file: m.source, range: line0 };
  const move = (loc: Location): Location => mapRange(loc.range, m.targets, sourceLines) ?? fallback;
  const seen = new Set<object>();
  const walk = (o: unknown): void => {
    if (!o || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v: unknown = o[i];
        if (isLocation(v)) o[i] = move(v);
        else walk(v);
      }
      return;
    }
    const rec = o as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      const v = rec[k];
      if (isLocation(v)) rec[k] = move(v);
      else walk(v);
    }
  };
  walk(facts.workloads);
  walk(facts.serviceAccounts);
  walk(facts.secretProviderClasses);
  facts.notices = facts.notices.map((n) => {
    const loc = n.range ? move({ file: n.file, range: n.range }) : fallback;
    return { ...n, file: loc.file, range: loc.range, message: `${n.message} (in the rendered output)` };
  });
  return facts;
}

/** The object's top-level `metadata:` has a `namespace:` key (lines from..to of the rendered text). */
function namesNamespace(lines: readonly string[], from: number, to: number): boolean {
  let inMeta = false;
  let childIndent = -1;
  for (let i = from; i <= Math.min(to, lines.length - 1); i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      inMeta = /^metadata\s*:/.test(line);
      childIndent = -1;
      continue;
    }
    if (!inMeta) continue;
    if (childIndent < 0) childIndent = indent;
    if (indent === childIndent && /^\s*namespace\s*:/.test(line)) return true;
  }
  return false;
}

function isLocation(v: unknown): v is Location {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  return keys.length === 2 && typeof o['file'] === 'string' && !!o['range'] && typeof o['range'] === 'object';
}

/** Says which values files / overlay produced a finding, and points at them. */
function decorateFinding(f: Finding, unit: RenderUnit, lookup: SourceLookup): Finding {
  const related: RelatedInfo[] = [...f.related];
  let how: string;
  if (unit.tool === 'helm') {
    const values = [...(unit.defaultValues ? [unit.defaultValues] : []), ...(unit.values ?? [])];
    how = `rendered by helm template from ${unit.dir || './'}${values.length ? ` with ${values.join(', ')}` : ' with no values file'}`;
    // The values that can set this image: the chart's and the given files, and the subchart's own values.yaml.
    const root = unit.sourceRoots?.find((r) => r.dir !== unit.dir && (r.dir === '' || f.location.file.startsWith(`${r.dir}/`)));
    const candidates = root ? [`${root.dir ? `${root.dir}/` : ''}values.yaml`, ...values] : values;
    const hit = f.image ? valuesLine(candidates, f.image, lookup) : undefined;
    if (hit) related.push({ location: hit, message: `image set here (${how})` });
    else related.push({ location: { file: values[values.length - 1] ?? unit.file, range: line0 }, message: how });
  } else {
    how = `rendered by kustomize build ${unit.dir || './'}`;
    const hit = f.image ? valuesLine(unit.closure ?? [], f.image, lookup) : undefined;
    if (hit) related.push({ location: hit, message: `image set here by the kustomization's images: (${how})` });
    related.push({ location: { file: unit.file, range: lineOf(lookup.text(unit.file), /^namespace\s*:/m) ?? line0 }, message: how });
  }
  const out: Finding = { ...f, message: `${f.message} (${how})`, related };
  // A fix computed from rendered output would edit the template's text as if it were YAML: none is offered.
  delete out.data;
  return out;
}

/** The last values-file line that sets a piece of the rendered image (`repository:`, `tag:`, `image:`). */
function valuesLine(values: readonly string[], image: string, lookup: SourceLookup): Location | undefined {
  let found: Location | undefined;
  for (const file of values) {
    const text = lookup.text(file);
    if (text === undefined) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      const m = /^(\s*)([\w.-]*(?:repository|Repository|tag|Tag|image|Image|registry|Registry)|newName|name)\s*:\s*["']?([^"'\s#]+)["']?/.exec(line);
      if (!m || m[3]!.length < 2 || !image.includes(m[3]!)) return;
      if (m[2] === 'name' && !image.includes(`/${m[3]}`) && !image.startsWith(m[3]!)) return;
      const start = line.indexOf(m[3]!, m[1]!.length + m[2]!.length);
      found = { file, range: { start: { line: i, character: start }, end: { line: i, character: start + m[3]!.length } } };
    });
  }
  return found;
}

function lineOf(text: string | undefined, re: RegExp): Location['range'] | undefined {
  if (text === undefined) return undefined;
  const m = re.exec(text);
  if (!m) return undefined;
  const line = text.slice(0, m.index).split('\n').length - 1;
  return { start: { line, character: 0 }, end: { line, character: m[0].length } };
}
