// A minimal LSP client for tests: speaks to the server over any pair of streams (in-process pipes or
// a child's stdio), answers the server's requests like an editor would, records what it publishes,
// and waits for conditions with a deadline instead of sleeping.
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node.js';
import type { Diagnostic, Hover, Position, Range } from 'vscode-languageserver-protocol';
import { createConnection } from 'vscode-languageserver/node.js';
import { startSession } from '../../server/src/lsp/session.js';
import type { AnalysisWorkspace, SessionOptions } from '../../server/src/lsp/session.js';

export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/lsp/', import.meta.url));

export function codeOf(d: Diagnostic): string | undefined {
  return typeof d.code === 'object' ? undefined : d.code === undefined ? undefined : String(d.code);
}

/** Copies a fixture workspace to a temp dir the test may edit. */
export function copyFixture(name: string): { dir: string; uri: (rel: string) => string; read: (rel: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `ss-lsp-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return {
    dir,
    uri: (rel) => pathToFileURL(join(dir, rel)).href,
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The range of the first occurrence of `needle` in `text` (after `after`, when given). */
export function rangeOf(text: string, needle: string, after?: string): Range {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  if (at < 0) throw new Error(`"${needle}" not found`);
  const pos = (o: number): Position => {
    const before = text.slice(0, o);
    const line = before.split('\n').length - 1;
    return { line, character: o - (before.lastIndexOf('\n') + 1) };
  };
  return { start: pos(at), end: pos(at + needle.length) };
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly publishCount = new Map<string, number>();
  /** The document version each publish named, in order (-1 for a publish without one). */
  readonly publishedVersions = new Map<string, number[]>();
  readonly logs: { type: number; message: string }[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly progress: unknown[] = [];
  /** URIs the server asked to show (window/showDocument) and edits it asked to apply (workspace/applyEdit). */
  readonly shown: string[] = [];
  readonly appliedEdits: { label?: string; edit: unknown }[] = [];
  settings: Record<string, unknown> = {};
  /** Null in-process: the server would otherwise poll this pid on a timer that keeps the test alive. */
  processId: number | null = null;
  private readonly waiters = new Set<() => void>();
  private versions = new Map<string, number>();

  constructor(readonly conn: ProtocolConnection) {
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      const versions = this.publishedVersions.get(p.uri) ?? [];
      versions.push(p.version ?? -1);
      this.publishedVersions.set(p.uri, versions);
      this.publishCount.set(p.uri, (this.publishCount.get(p.uri) ?? 0) + 1);
      this.poke();
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
      this.poke();
    });
    conn.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.poke();
    });
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section ? this.settings[i.section] ?? null : this.settings)),
    );
    conn.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('window/showDocument', (p: { uri: string }) => {
      this.shown.push(p.uri);
      this.poke();
      return { success: true };
    });
    conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: unknown }) => {
      this.appliedEdits.push(p);
      this.poke();
      return { applied: true };
    });
    conn.listen();
  }

  private poke(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves when `pred` holds; rejects with `what` and the current diagnostics after `ms`. */
  waitFor<T>(pred: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let v: T | undefined | false;
        try {
          v = pred();
        } catch {
          v = undefined;
        }
        if (v) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const state = [...this.diagnostics].map(([u, ds]) => `${u.replace(/.*\//, '')}: ${ds.map((d) => codeOf(d) ?? d.message).join(', ')}`);
        const shown = state.length > 12 ? [...state.slice(0, 12), `… ${state.length - 12} more documents`] : state;
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; diagnostics: ${shown.join(' | ') || 'none'}`));
      }, ms);
      this.waiters.add(check);
      check();
    });
  }

  /** The document's diagnostics when there are some (for waitFor). */
  nonEmpty(uri: string): Diagnostic[] | undefined {
    const d = this.diagnostics.get(uri);
    return d && d.length > 0 ? d : undefined;
  }

  codes(uri: string): string[] {
    return (this.diagnostics.get(uri) ?? []).map((d) => codeOf(d) ?? '').sort();
  }

  /** `editor`: also announce what VS Code does for edits and windows (change annotations, resource operations, showDocument). */
  async initialize(folders: string[], extra: { watch?: boolean; trusted?: boolean; editor?: boolean } = {}): Promise<unknown> {
    const editor = extra.editor
      ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create'], changeAnnotationSupport: { groupsOnLabel: true } } }
      : {};
    const result = await this.conn.sendRequest('initialize', {
      processId: this.processId,
      rootUri: folders[0] ?? null,
      workspaceFolders: folders.map((uri, i) => ({ uri, name: `folder${i}` })),
      initializationOptions: { workspaceTrusted: extra.trusted === true },
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { dynamicRegistration: false },
        },
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: extra.watch !== false },
          didChangeConfiguration: { dynamicRegistration: true },
          ...editor,
        },
        window: { workDoneProgress: true, ...(extra.editor ? { showDocument: { support: true } } : {}) },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = uri.endsWith('.yaml') || uri.endsWith('.yml') ? 'yaml' : 'dockerfile'): Promise<void> {
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async save(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async fileEvents(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async changeConfiguration(): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  async shutdown(): Promise<void> {
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    this.conn.dispose();
  }
}

/** Starts a language server process (`command …args`, which should include `--stdio`) with a client on its stdio. */
export function spawnServer(command: string, args: readonly string[]): { child: ChildProcess; client: TestClient; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const client = clientOver(child.stdout, child.stdin);
  client.processId = process.pid;
  return { child, client, exited, stderr: () => stderr };
}

/** Connects a client to a server over a pair of streams. */
export function clientOver(readable: Readable, writable: Writable): TestClient {
  return new TestClient(createProtocolConnection(new StreamMessageReader(readable), new StreamMessageWriter(writable)));
}

/** Starts the server session in this process over in-memory pipes. */
export function inProcess<W extends AnalysisWorkspace>(options: SessionOptions<W>): { client: TestClient; dispose: () => void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConn = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  // The server's own exit handling would end the test process; the test disposes the pipes instead.
  serverConn.onExit(() => undefined);
  startSession(serverConn, options);
  const client = clientOver(toClient, toServer);
  return {
    client,
    // The client goes; the server is left to finish what it was doing into a stream no one reads. Disposing
    // the server's connection instead would fail its requests in flight, and vscode-jsonrpc logs that
    // failure through the disposed connection from an async Promise executor: an unhandled rejection
    // ("Connection is disposed") in whichever test runs next, a flake of the harness, not of the server
    // (a real server's connection is disposed only as its process exits).
    dispose: () => {
      client.conn.dispose();
      toClient.resume();
    },
  };
}
