// Which document versions the client has already sent but the server has not handled yet. The
// connection handles messages one per turn of the event loop, in order; this reader sits between the
// transport and the connection and notes each didOpen/didChange version as it is read. While a newer
// version of a document is queued, the session skips analysing the older one (and never publishes for
// it): under a flood of edits only the newest version of each document is analysed.
import type { DataCallback, Disposable, Message, MessageReader } from 'vscode-jsonrpc';

/** What the session asks: is a newer version of this document already on its way? */
export interface PendingEdits {
  newer(uri: string, version: number): boolean;
}

interface DocumentParams {
  textDocument?: { uri?: unknown; version?: unknown };
}

export class EditLookahead implements MessageReader, PendingEdits {
  /** The last version read per open document; forgotten when it is closed. */
  private readonly latest = new Map<string, number>();

  constructor(private readonly inner: MessageReader) {}

  get onError(): MessageReader['onError'] {
    return this.inner.onError;
  }
  get onClose(): MessageReader['onClose'] {
    return this.inner.onClose;
  }
  get onPartialMessage(): MessageReader['onPartialMessage'] {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      this.observe(message);
      callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }

  newer(uri: string, version: number): boolean {
    const v = this.latest.get(uri);
    return v !== undefined && v > version;
  }

  private observe(message: Message): void {
    const m = message as { method?: unknown; params?: DocumentParams };
    if (m.method !== 'textDocument/didChange' && m.method !== 'textDocument/didOpen' && m.method !== 'textDocument/didClose') return;
    const doc = m.params?.textDocument;
    if (typeof doc?.uri !== 'string') return;
    if (m.method === 'textDocument/didClose') this.latest.delete(doc.uri);
    else if (typeof doc.version === 'number') this.latest.set(doc.uri, doc.version);
  }
}
