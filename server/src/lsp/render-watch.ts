// Charts and overlays in the editor: rendered when a folder is ready and again when a file they read is
// saved (never per keystroke), debounced, one render at a time per chart or overlay — a newer save
// cancels the running render and starts again once it has stopped. In an untrusted workspace nothing
// runs; every unit is reported as not rendered, with why.
import type { RenderOutcome, RenderPlan, RenderUnit } from '../core/render/index.js';
import { isChartFile, isKustomizationFile } from '../core/render/index.js';
import { renderUnit, type RenderOptions } from '../render/renderers.js';

/** The part of a folder's workspace rendering needs (the core Workspace has it). */
export interface RenderableWorkspace {
  renderPlan(): RenderPlan;
  setRenderOutcome(unitId: string, outcome: RenderOutcome | undefined): void;
}

export function isRenderable(ws: unknown): ws is RenderableWorkspace {
  return !!ws && typeof (ws as RenderableWorkspace).renderPlan === 'function' && typeof (ws as RenderableWorkspace).setRenderOutcome === 'function';
}

export interface RenderFolder {
  /** A stable key for the folder. */
  key: string;
  /** The folder on disk ('' for files outside any folder: nothing is rendered there). */
  fsPath: string;
  workspace: RenderableWorkspace;
}

export interface RenderToolSettings {
  helmPath?: string;
  kustomizePath?: string;
  timeoutMs?: number;
}

export interface RenderWatchOptions {
  trusted(): boolean;
  settings(folder: RenderFolder): RenderToolSettings;
  /** A unit's outcome was recorded: re-analyse and publish the folder. */
  rendered(folder: RenderFolder): void;
  /** Milliseconds between the last save and the render. */
  debounceMs?: number;
  /** One line per render: what was rendered, how long it took, or why it was not. */
  log?(message: string): void;
}

interface UnitState {
  timer?: ReturnType<typeof setTimeout>;
  controller?: AbortController;
  running: boolean;
  again: boolean;
  /** Renders started (for tests and benchmarks). */
  runs: number;
}

export class RenderWatch {
  private readonly units = new Map<string, UnitState>();
  private disposed = false;
  /** Settles when nothing is scheduled or running (tests and benchmarks wait on it). */
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: RenderWatchOptions) {}

  /** Renders every chart and overlay of a folder that has just been indexed (or whose trust changed). */
  folderReady(folder: RenderFolder): void {
    if (!folder.fsPath) return;
    for (const u of folder.workspace.renderPlan().units) this.schedule(folder, u, 0);
  }

  /** A file was saved (or changed on disk): re-render the units that read it. */
  saved(folder: RenderFolder, path: string): void {
    if (!folder.fsPath) return;
    const plan = folder.workspace.renderPlan();
    const owned = plan.owned.get(path)?.units ?? [];
    const config = path === '.secret-surface.yaml' || path === '.secret-surface.yml';
    for (const u of plan.units) {
      const reads =
        config ||
        owned.includes(u.id) ||
        u.file === path ||
        (u.values ?? []).includes(path) ||
        (u.closure ?? []).includes(path) ||
        ((isChartFile(path) || isKustomizationFile(path)) && !this.units.has(this.key(folder, u)));
      if (reads) this.schedule(folder, u, this.options.debounceMs ?? 300);
    }
  }

  /** Runs of one unit so far. */
  runs(folder: RenderFolder, unitId: string): number {
    return this.units.get(`${folder.key}\u0000${unitId}`)?.runs ?? 0;
  }

  /** Resolves once no render is scheduled or running. */
  idle(): Promise<void> {
    if (this.quiet()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels everything scheduled or running; nothing is left behind. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.units.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.controller?.abort();
    }
  }

  /** Forgets a removed folder's units (and stops their renders). */
  forget(folder: RenderFolder): void {
    for (const [k, s] of this.units) {
      if (!k.startsWith(`${folder.key}\u0000`)) continue;
      if (s.timer) clearTimeout(s.timer);
      s.controller?.abort();
      this.units.delete(k);
    }
    this.checkIdle();
  }

  private key(folder: RenderFolder, u: RenderUnit): string {
    return `${folder.key}\u0000${u.id}`;
  }

  private schedule(folder: RenderFolder, unit: RenderUnit, delay: number): void {
    if (this.disposed) return;
    const k = this.key(folder, unit);
    let s = this.units.get(k);
    if (!s) this.units.set(k, (s = { running: false, again: false, runs: 0 }));
    if (s.timer) clearTimeout(s.timer);
    const state = s;
    state.timer = setTimeout(() => {
      delete state.timer;
      if (state.running) {
        // One at a time: stop the stale render, start again when it has ended.
        state.again = true;
        state.controller?.abort();
        return;
      }
      void this.run(folder, unit.id, state);
    }, delay);
  }

  private async run(folder: RenderFolder, unitId: string, s: UnitState): Promise<void> {
    // The plan may have changed since the save was scheduled: render the unit as it is now.
    const unit = folder.workspace.renderPlan().units.find((u) => u.id === unitId);
    if (!unit || this.disposed) return this.checkIdle();
    s.running = true;
    s.runs++;
    const controller = new AbortController();
    s.controller = controller;
    const tools = this.options.settings(folder);
    const opts: RenderOptions = { root: folder.fsPath, trusted: this.options.trusted(), signal: controller.signal };
    if (tools.helmPath) opts.helmPath = tools.helmPath;
    if (tools.kustomizePath) opts.kustomizePath = tools.kustomizePath;
    if (tools.timeoutMs) opts.timeoutMs = tools.timeoutMs;
    let outcome: RenderOutcome;
    try {
      outcome = unit.blocked ? { status: 'not-rendered', reason: unit.blocked } : await renderUnit(unit, opts);
    } catch (err) {
      outcome = { status: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
    s.running = false;
    delete s.controller;
    if (!controller.signal.aborted && !this.disposed) this.options.log?.(outcomeLine(unit, outcome));
    if (!controller.signal.aborted && !this.disposed && !unit.blocked) {
      folder.workspace.setRenderOutcome(unit.id, outcome);
      this.options.rendered(folder);
    }
    if (s.again && !this.disposed) {
      s.again = false;
      return this.run(folder, unitId, s);
    }
    this.checkIdle();
  }

  private quiet(): boolean {
    for (const s of this.units.values()) if (s.timer || s.running) return false;
    return true;
  }

  private checkIdle(): void {
    if (!this.quiet()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** `Rendered helm chart charts/shop (release shop) in 412 ms: 9,210 bytes of manifests`, or why not. */
export function outcomeLine(unit: RenderUnit, outcome: RenderOutcome): string {
  const what = `${unit.tool === 'helm' ? 'helm chart' : 'kustomize overlay'} ${unit.dir || './'}${unit.release ? ` (release ${unit.release})` : ''}`;
  const first = (m: string) => m.split('\n').find((l) => l.trim() !== '')?.trim() ?? m;
  switch (outcome.status) {
    case 'rendered':
      return `Rendered ${what}${outcome.tool ? ` with ${outcome.tool}` : ''}${outcome.millis !== undefined ? ` in ${Math.round(outcome.millis)} ms` : ''}: ${outcome.output.length} bytes of manifests.`;
    case 'failed':
      return `Could not render ${what}${outcome.millis !== undefined ? ` (after ${Math.round(outcome.millis)} ms)` : ''}: ${first(outcome.message)} — its Secrets are not checked.`;
    default:
      return `Not rendering ${what}: ${first(outcome.reason)} — its Secrets are not checked.`;
  }
}
