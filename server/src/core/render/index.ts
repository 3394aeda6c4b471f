// Public surface of rendering in the core: the plan (which charts and overlays to render, which files only
// rendering reads), the outcome adapters report, and the summary. Nothing here runs a tool.
export { RenderState, type Prepared, type UnitStatus } from './state.js';
export { buildRenderPlan, emptyPlan, type RenderPlan, type RenderUnit, type ChartSettings, type OwnedRole } from './plan.js';
export { readRenderedOutput, splitStream, failureNotice, type RenderOutcome, type RenderedManifest } from './rendered.js';
export { readChart, readKustomization, isChartFile, isKustomizationFile, KUSTOMIZATION_NAMES, type ChartSource, type KustomizationSource } from './sources.js';
export { summarize, summaryText, unrenderedLine, type AnalysisSummary, type UnitSummary } from './summary.js';
export { alignLines, mapRange, type LineTarget } from './align.js';
