// The exposure page's one model: the exposure report (report.ts) turned into matrix rows, columns (the
// fixed ones and one per Secret) and cell values with the file and line each one points at. The HTML
// report, the VS Code webview and the Markdown table all read this model; the browser script filters,
// sorts and groups it with view.ts and lays its graph out with graph.ts.
import type { ExposureRow, Hardening } from '../report.js';
import type { Location, Severity } from '../model.js';

/** A place a cell opens: `file` is whatever the host opens (a workspace path, or a URI in the editor). */
export interface PageLink {
  file: string;
  /** What the page shows for the file (a workspace-relative path). */
  label: string;
  /** 0-based, as in the core's locations. */
  line: number;
  character: number;
}

export interface PageTool {
  tool: string;
  origin: string;
  at?: PageLink;
  unverified?: boolean;
}

export interface PageDelivery {
  channel: string;
  optional: boolean;
  at?: PageLink;
}

export interface PageCves {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

export interface PageRow {
  /** Index in the model's rows, stable across sorting and filtering. */
  id: number;
  kind: string;
  name: string;
  namespace: string;
  container: string;
  containerKind: string;
  image: string;
  manifest: PageLink;
  hardening: Hardening;
  /** Why the hardening is unknown, when it is. */
  unresolved?: string;
  severity?: Severity;
  findings: number;
  /** Secret name → how it arrives (a Secret may arrive twice: env and a volume). */
  secrets: Record<string, PageDelivery[]>;
  shell: PageTool[];
  network: PageTool[];
  interpreter: PageTool[];
  token: { mounted: boolean; decidedBy: string; at?: PageLink };
  /** The Dockerfile the image is built from, the link source and why. */
  dockerfile?: { at: PageLink; source: string; reason: string; target?: string };
  baseImage?: string;
  /** Where the image facts came from: dockerfile, registry, catalog or unknown. */
  factsFrom: string;
  cves?: PageCves;
}

export type ColumnId =
  | 'workload'
  | 'namespace'
  | 'container'
  | 'secrets'
  | 'image'
  | 'hardening'
  | 'shell'
  | 'network'
  | 'interpreter'
  | 'token'
  | 'link'
  | 'base'
  | 'cves'
  | `secret:${string}`;

export interface PageColumn {
  id: ColumnId;
  label: string;
  /** Shown as a tooltip on the header. */
  title: string;
  /** Pixels, so the browser can place cells without measuring them. */
  width: number;
}

export interface PageModel {
  title: string;
  rows: PageRow[];
  /** Every Secret that reaches some container, sorted by name. */
  secrets: string[];
  columns: PageColumn[];
  /** True when vulnerability reports were given (the CVE column means something). */
  hasCves: boolean;
  summary: { containers: number; withSecrets: number; exposed: number; unknown: number; hardened: number };
  /** What could not be analysed (a chart not rendered, a file not read), said on the page. */
  notes: string[];
}

export interface PageOptions {
  title?: string;
  /** The link target of a location's file (default: the file itself). */
  target?: (file: string) => string;
  /** What the page shows for a location's file (default: the file itself). */
  label?: (file: string) => string;
  notes?: readonly string[];
}

/** At most this many notes are kept; the last one says how many more there were. */
export const MAX_NOTES = 40;

const FIXED: PageColumn[] = [
  { id: 'workload', label: 'Workload', title: 'Kind and name of the workload', width: 210 },
  { id: 'namespace', label: 'Namespace', title: 'The namespace the workload runs in', width: 100 },
  { id: 'container', label: 'Container', title: 'Container name (init and ephemeral containers say so)', width: 110 },
  { id: 'secrets', label: 'Secrets', title: 'Every Secret that reaches the container, and how (env, envFrom, volume, projected, csi)', width: 220 },
  { id: 'hardening', label: 'Hardening', title: 'exposed: the image keeps a shell, network client or interpreter; hardened: none; unknown: not decided', width: 95 },
  { id: 'shell', label: 'Shell', title: 'Shells in the image and where each came from', width: 110 },
  { id: 'network', label: 'Network', title: 'Network clients in the image and where each came from', width: 130 },
  { id: 'interpreter', label: 'Interpreter', title: 'Script interpreters other than the app runtime', width: 100 },
  { id: 'token', label: 'Token', title: 'Whether the service-account token is mounted, and what decided it', width: 105 },
  { id: 'cves', label: 'CVEs', title: 'Critical/high/medium/low counts from the vulnerability reports (--vulns)', width: 110 },
  { id: 'image', label: 'Image', title: 'The image as written in the manifest', width: 250 },
  { id: 'link', label: 'Link', title: 'The Dockerfile the image is built from, and the link source that tied them', width: 210 },
  { id: 'base', label: 'Base', title: 'The base image of the final stage, or where the image facts came from', width: 190 },
];

export const SECRET_COLUMN_WIDTH = 110;

export function buildPageModel(report: readonly ExposureRow[], opts: PageOptions = {}): PageModel {
  const target = opts.target ?? ((f: string) => f);
  const label = opts.label ?? ((f: string) => f);
  const link = (l: Location): PageLink => ({ file: target(l.file), label: label(l.file), line: l.range.start.line, character: l.range.start.character });
  const names = new Set<string>();
  const rows = report.map((r, id): PageRow => {
    const secrets: Record<string, PageDelivery[]> = {};
    for (const s of r.secrets) {
      names.add(s.name);
      (secrets[s.name] ??= []).push({ channel: s.channel, optional: s.optional, ...(s.location ? { at: link(s.location) } : {}) });
    }
    const tools = (category: 'shell' | 'network' | 'interpreter', fallback: string[]): PageTool[] => {
      const detailed = r.tools?.filter((t) => t.category === category);
      if (!detailed) return fallback.map((tool) => ({ tool, origin: '' }));
      return detailed.map((t) => ({ tool: t.tool, origin: t.origin, ...(t.location ? { at: link(t.location) } : {}), ...(t.unverified ? { unverified: true } : {}) }));
    };
    const row: PageRow = {
      id,
      kind: r.workload.kind,
      name: r.workload.name,
      namespace: r.workload.namespace,
      container: r.container,
      containerKind: r.containerKind,
      image: r.image,
      manifest: link(r.location),
      hardening: r.hardening,
      findings: r.findings,
      secrets,
      shell: tools('shell', r.shells),
      network: tools('network', r.networkClients),
      interpreter: tools('interpreter', r.interpreters),
      token: { mounted: r.tokenMounted, decidedBy: r.token ? tokenReason(r.token.reason, r.token.serviceAccount) : '', ...(r.token?.location ? { at: link(r.token.location) } : {}) },
      factsFrom: r.source,
    };
    if (r.unresolved) row.unresolved = r.unresolved;
    if (r.worstSeverity) row.severity = r.worstSeverity;
    if (r.baseImage) row.baseImage = r.baseImage;
    if (r.dockerfile) {
      const at = r.dockerfile.from ? link(r.dockerfile.from) : link({ file: r.dockerfile.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
      row.dockerfile = { at, source: r.dockerfile.source ?? '', reason: r.dockerfile.reason, ...(r.dockerfile.target ? { target: r.dockerfile.target } : {}) };
    }
    if (r.vulnerabilities) {
      const v = r.vulnerabilities;
      row.cves = { critical: v.critical, high: v.high, medium: v.medium, low: v.low, unknown: v.unknown };
    }
    return row;
  });
  const secrets = [...names].sort();
  const hasCves = rows.some((r) => r.cves);
  const columns = [
    ...FIXED.filter((c) => c.id !== 'cves' || hasCves),
    ...secrets.map((s): PageColumn => ({ id: `secret:${s}`, label: s, title: `How Secret ${s} reaches each container`, width: SECRET_COLUMN_WIDTH })),
  ];
  const count = (h: Hardening) => rows.filter((r) => r.hardening === h && Object.keys(r.secrets).length > 0).length;
  return {
    title: opts.title ?? 'Secret exposure',
    rows,
    secrets,
    columns,
    hasCves,
    notes: boundedNotes(opts.notes ?? []),
    summary: { containers: rows.length, withSecrets: rows.filter((r) => Object.keys(r.secrets).length > 0).length, exposed: count('exposed'), unknown: count('unknown'), hardened: count('hardened') },
  };
}

function boundedNotes(notes: readonly string[]): string[] {
  if (notes.length <= MAX_NOTES) return [...notes];
  return [...notes.slice(0, MAX_NOTES - 1), `…and ${notes.length - MAX_NOTES + 1} more`];
}

function tokenReason(reason: 'pod' | 'service-account' | 'default', sa: string): string {
  if (reason === 'pod') return 'pod spec';
  if (reason === 'service-account') return `ServiceAccount ${sa}`;
  return `default (ServiceAccount ${sa})`;
}
