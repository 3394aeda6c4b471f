// What every fix module reads: the finding, the workspace's analysis, the catalog, the exposure (for a
// YAML-side finding) or the Dockerfile (for a Dockerfile-side one), and small shared lookups.
import type { Exposure } from '../exposure.js';
import type { CatalogImage, DockerfileFacts, Finding, Location, StageFacts, WorkloadRef } from '../model.js';
import type { Catalog } from '../catalog/index.js';
import { targetStage } from '../docker/index.js';
import type { AnalysisResult, Workspace } from '../workspace.js';
import type { FixOptions } from './types.js';

export interface FixContext {
  ws: Workspace;
  result: AnalysisResult;
  finding: Finding;
  catalog: Catalog;
  options: FixOptions;
  /** YAML-side findings: the container's row. */
  exposure?: Exposure;
  /** Dockerfile-side findings: the Dockerfile the finding sits in. */
  dockerfile?: DockerfileFacts;
}

export function sameRef(a: WorkloadRef | undefined, b: WorkloadRef | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

export function makeContext(ws: Workspace, finding: Finding, options: FixOptions): FixContext {
  const result = ws.analyze();
  const ctx: FixContext = { ws, result, finding, catalog: ws.catalogInUse(), options };
  if (finding.workload) {
    const e = result.exposures.find(
      (x) => x.file === finding.location.file && sameRef(x.workload.ref, finding.workload) && x.container.name === finding.container,
    );
    if (e) ctx.exposure = e;
  } else {
    const df = ws.dockerfileFacts(finding.location.file);
    if (df) ctx.dockerfile = df;
  }
  return ctx;
}

/** The Dockerfile and stage an exposure's image is built from, when a workspace Dockerfile builds it. */
export function builtFrom(ctx: FixContext, e: Exposure): { dockerfile: DockerfileFacts; stage: StageFacts } | undefined {
  const st = e.image.stage;
  if (!st) return undefined;
  const df = ctx.ws.dockerfileFacts(st.file);
  const stage = df?.stages[st.index];
  return df && stage ? { dockerfile: df, stage } : undefined;
}

/** The stage chain from the external base up to `stage`. */
export function stageChain(df: DockerfileFacts, stage: StageFacts): StageFacts[] {
  const chain: StageFacts[] = [];
  const seen = new Set<number>();
  for (let s: StageFacts | undefined = stage; s && !seen.has(s.index); s = s.baseStage !== undefined ? df.stages[s.baseStage] : undefined) {
    seen.add(s.index);
    chain.unshift(s);
  }
  return chain;
}

export function rootCatalog(ctx: FixContext, df: DockerfileFacts, stage: StageFacts): CatalogImage | undefined {
  const root = stageChain(df, stage)[0]!;
  return root.baseImage ? ctx.catalog.lookupImage(root.baseImage) : undefined;
}

/** The stage of `df` that holds `loc`. */
export function stageAt(df: DockerfileFacts, loc: Location): StageFacts | undefined {
  const line = loc.range.start.line;
  return df.stages.find((s) => s.location.range.start.line <= line && line <= s.location.range.end.line);
}

/** The exposures whose image is built from `file` (any stage, the built one being the target or the last). */
export function usersOf(ctx: FixContext, file: string): Exposure[] {
  return ctx.result.exposures.filter((e) => e.image.stage?.file === file);
}

/** The final (or targeted) stage of a Dockerfile that workloads run. */
export function builtStage(ctx: FixContext, df: DockerfileFacts): StageFacts | undefined {
  const users = usersOf(ctx, df.file);
  const idx = users[0]?.image.stage?.index;
  return idx !== undefined ? df.stages[idx] : targetStage(df);
}

/** `line 7` for titles. */
export function lineOf(loc: Location): string {
  return `line ${loc.range.start.line + 1}`;
}
