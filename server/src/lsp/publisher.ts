// Sends each document's diagnostics to the client: only documents whose diagnostics changed, an
// edit's few at once, a large batch (the initial index: every document) streamed in chunks that wait
// for the transport, so the messages of ten thousand documents are never built and buffered together.
import type { Connection } from 'vscode-languageserver';
import type { Failures } from './failures.js';
import type { FolderState } from './folder.js';
import { collectWhenIdle } from './memory.js';
import { LOOSE_ROOT, type UriMap } from './uris.js';

/**
 * Documents published per turn of the event loop while a large batch streams out: small, so an edit
 * that arrives meanwhile waits for a few milliseconds of conversion, not for the batch.
 */
const PUBLISH_CHUNK = 50;
/** An analysis that changed at most this many documents publishes them at once. */
const PUBLISH_AT_ONCE = 200;

export class Publisher {
  private draining = false;

  constructor(
    private readonly connection: Connection,
    private readonly uris: UriMap,
    private readonly failures: Failures,
    /** Every folder, for the queue that streams out across folders. */
    private readonly folders: () => Iterable<FolderState>,
  ) {}

  /**
   * Publishes the documents whose diagnostics may have changed. Queued documents are converted when
   * sent, from the newest analysis, so a slow stream never publishes stale diagnostics.
   */
  publish(f: FolderState, paths: Set<string>): void {
    const few = paths.size <= PUBLISH_AT_ONCE;
    for (const path of paths) {
      // Open documents are what the user looks at: they never wait behind a queue.
      if (few || f.files.get(path) === 'buffer') {
        const sent = this.publishOne(f, path);
        if (sent) this.failures.detach(sent, 'publishing diagnostics');
      } else f.pending.add(path);
    }
    if (f.pending.size > 0) this.failures.detach(this.drain(), 'publishing diagnostics');
  }

  /** A folder left the workspace: its documents are cleared in the client. */
  clear(f: FolderState): void {
    f.pending.clear();
    for (const path of f.docs.clear()) {
      this.failures.detach(this.connection.sendDiagnostics({ uri: this.uris.toUri(f.root, path), diagnostics: [] }), 'publishing diagnostics');
    }
  }

  /**
   * Publishes one document's current diagnostics unless it was last sent the same; the promise
   * settles when the transport took the message. Converted diagnostics live only until then.
   */
  private publishOne(f: FolderState, path: string): Promise<void> | undefined {
    f.pending.delete(path);
    // Loose files only ever show diagnostics while open: the server never indexed their folders.
    const visible = f.root.key !== LOOSE_ROOT || f.files.get(path) === 'buffer';
    const toUri = (p: string) => this.uris.toUri(f.root, p);
    const open = f.files.get(path) === 'buffer';
    const out = f.docs.publish(path, visible, toUri, open);
    if (!out) return undefined;
    // An open buffer's diagnostics name the version they were computed from (LSP 3.15).
    const version = open ? f.bufferVersions.get(path) : undefined;
    return this.connection.sendDiagnostics({ uri: toUri(path), diagnostics: out, ...(version !== undefined ? { version } : {}) });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    let bulk = 0;
    try {
      for (;;) {
        const sends: Promise<void>[] = [];
        // Documents whose diagnostics turn out equal cost no message, so more of them fit in a turn.
        let looked = 0;
        for (const f of this.folders()) {
          for (const path of f.pending) {
            if (sends.length >= PUBLISH_CHUNK || looked >= 10 * PUBLISH_CHUNK) break;
            looked++;
            const sent = this.publishOne(f, path);
            if (sent) sends.push(sent);
          }
        }
        if (looked === 0 || this.failures.shuttingDown) break;
        bulk += looked;
        await Promise.all(sends);
        await new Promise((res) => setImmediate(res));
      }
    } finally {
      this.draining = false;
    }
    if (bulk >= 1000) collectWhenIdle();
  }
}
