// The language server's log (the editor's output channel, `window/logMessage`): what was indexed,
// rendered and skipped, per file or chart with the reason, at `info`; per-file reads and timings at
// `trace`. The level is the `secretSurface.log.level` setting. Every line goes through redact(), so a
// message quoting a renderer's stderr or a parse error never carries a credential; Secret values are
// never read, so none can be logged.
import type { RemoteConsole } from 'vscode-languageserver';
import { redact } from '../redact.js';
import { LOG_LEVELS, type LogLevel } from '../protocol.js';

/** Lines of one kind (skipped files, notices) written per event before the rest are counted instead. */
export const LOG_LIST_LIMIT = 100;

export class ServerLog {
  level: LogLevel = 'info';

  constructor(private readonly console: RemoteConsole) {}

  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }

  error(message: string): void {
    this.console.error(redact(message));
  }

  warn(message: string): void {
    if (this.enabled('warning')) this.console.warn(redact(message));
  }

  info(message: string): void {
    if (this.enabled('info')) this.console.info(redact(message));
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.console.log(redact(`[debug] ${message}`));
  }

  /** A message that costs something to build can be passed as a function: it runs only at trace level. */
  trace(message: string | (() => string)): void {
    if (this.enabled('trace')) this.console.log(redact(`[trace] ${typeof message === 'string' ? message : message()}`));
  }

  /**
   * Writes up to LOG_LIST_LIMIT lines at `level`, then one line counting the rest, so a folder with
   * thousands of skipped files does not flood the channel (`trace` writes them all).
   */
  list(level: 'info' | 'debug', lines: readonly string[], rest: (n: number) => string): void {
    if (!this.enabled(level)) return;
    const limit = this.enabled('trace') ? lines.length : LOG_LIST_LIMIT;
    for (const l of lines.slice(0, limit)) this[level](l);
    if (lines.length > limit) this[level](rest(lines.length - limit));
  }
}

/** Milliseconds since `t0` (performance.now()), for log lines. */
export function since(t0: number): string {
  return `${Math.round(performance.now() - t0)} ms`;
}
