// How the language server reports its own failures: to the client's log, once per distinct message,
// so a file that throws on every keystroke does not flood the log, and never as an unhandled rejection.
import type { RemoteConsole } from 'vscode-languageserver';
import { redact } from '../redact.js';

export class Failures {
  private readonly reported = new Set<string>();
  /** Set on shutdown: the connection is going away and there is nobody left to tell. */
  shuttingDown = false;

  constructor(private readonly console: RemoteConsole) {}

  /** Logs a failure once per distinct message. */
  once(what: string, err: unknown): void {
    const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    if (this.reported.has(msg)) return;
    this.reported.add(msg);
    this.console.error(redact(`Secret Surface: ${msg}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`));
  }

  /** Runs a promise to completion in the background; a failure is logged. */
  detach(p: Promise<unknown>, what: string): void {
    p.catch((err: unknown) => {
      if (!this.shuttingDown) this.once(what, err);
    });
  }
}
