// Vulnerability reports in the editor: the Trivy/Grype files named by `secretSurface.vulnerabilities.reports`
// (relative to the folder) and `.secret-surface.yaml` `vulnerabilities.reports` (relative to the config file),
// read from disk inside the workspace folder, given to the folder's workspace, and read again when a report
// (or a file a pattern matches) changes on disk or the patterns change. What could not be read, and reports
// no image matched, become notices on the report files (or the config file); the summary goes to the log.
import { relative, resolve, sep } from 'node:path';
import { compileGlobs } from '../core/config/globs.js';
import type { ProjectConfig } from '../core/config/index.js';
import type { InputNotice } from '../core/model.js';
import { vulnerabilityNotices } from '../core/vulns/apply.js';
import type { VulnReport } from '../core/vulns/reports.js';
import { readVulnReports, type ReadReports } from '../files/vuln-reports.js';
import type { Analysis, FolderState } from './folder.js';

/** What a workspace takes (core Workspace.setVulnerabilityReports); a workspace without it gets none. */
interface TakesReports {
  setVulnerabilityReports?(reports: readonly VulnReport[]): void;
}

interface State {
  key: string;
  /** Set by a file event on a report (or a file a pattern matches): read again at the next analysis. */
  dirty: boolean;
  matches: (path: string) => boolean;
  files: Set<string>;
  read?: ReadReports;
  /** The last notices, kept as the same objects while their text is the same (so nothing is republished). */
  notices?: InputNotice[];
  noticesKey?: string;
  logged?: string;
}

const NONE: readonly InputNotice[] = [];

export class FolderVulnReports {
  private readonly states = new WeakMap<FolderState, State>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * Brings the folder's reports in line with its settings and config (after an analysis). True when the
   * workspace was given other reports, so the folder must be analysed again.
   */
  refresh(f: FolderState, config: ProjectConfig): boolean {
    if (!f.root.fsPath) return false;
    const configDir = config.file?.includes('/') ? config.file.slice(0, config.file.lastIndexOf('/')) : '';
    const patterns = [
      ...f.settings.vulnerabilities.reports.map((pattern) => ({ pattern, base: f.root.fsPath, from: '' })),
      ...(config.vulnerabilities?.reports ?? []).map((pattern) => ({ pattern, base: resolve(f.root.fsPath, configDir), from: config.file ?? '' })),
    ];
    const key = JSON.stringify(patterns);
    const before = this.states.get(f);
    if (before && before.key === key && !before.dirty) return false;
    if (!before && patterns.length === 0) return false;
    const toPath = (abs: string) => relative(f.root.fsPath, abs).split(sep).join('/');
    const read = patterns.length ? readVulnReports(patterns, toPath, f.root.fsPath) : { reports: [], notices: [] };
    // Relative globs are matched against folder paths for file events (config-relative ones from the config's folder).
    const globs = patterns.map((p) => toPath(resolve(p.base, p.pattern)));
    this.states.set(f, { key, dirty: false, matches: compileGlobs(globs), files: new Set(read.reports.map((r) => r.file)), read });
    (f.workspace as TakesReports).setVulnerabilityReports?.(read.reports);
    return true;
  }

  /** A file changed on disk: true when it is (or may be) a report of this folder. */
  touched(f: FolderState, path: string): boolean {
    const s = this.states.get(f);
    if (!s || !(s.files.has(path) || s.matches(path))) return false;
    s.dirty = true;
    return true;
  }

  /** Notices about the reports for this analysis; file-less ones (a settings pattern) go to the log. */
  notices(f: FolderState, analysed: Analysis): readonly InputNotice[] {
    const s = this.states.get(f);
    if (!s?.read || (s.read.reports.length === 0 && s.read.notices.length === 0)) return NONE;
    // Exposures say which reports are used (the flat findings list is not built in the editor).
    const all = vulnerabilityNotices(s.read, { exposures: analysed.exposures, findings: [] }, '');
    const logged = all.filter((n) => !n.file).map((n) => `Secret Surface: ${f.root.name}: ${n.message}`).join('\n');
    if (logged && logged !== s.logged) this.log(logged);
    s.logged = logged;
    const shown = all.filter((n) => n.file);
    const key = JSON.stringify(shown);
    if (key !== s.noticesKey) {
      s.notices = shown;
      s.noticesKey = key;
    }
    return s.notices ?? NONE;
  }
}
