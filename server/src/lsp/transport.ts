// The server's end of the connection, from the command line as vscode-languageserver reads it, with two
// readers in front of the connection: for `--stdio`, a frame reader that survives malformed input
// (frame-reader.ts); for `--stdio` and `--node-ipc`, the lookahead that lets a flood of edits coalesce
// to the newest version of each document (edit-lookahead.ts). Other transports (`--socket`, `--pipe`)
// are left to the library, without the lookahead.
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node.js';
import { EditLookahead, type PendingEdits } from './edit-lookahead.js';
import { GuardedStreamReader, type Dropped } from './frame-reader.js';

export interface ServerTransport {
  connection: Connection;
  edits?: PendingEdits;
}

export function createServerConnection(argv: readonly string[] = process.argv.slice(2)): ServerTransport {
  // No transport named (the `secret-surface-language-server` bin as an editor config runs it): stdio.
  const named = argv.some((a) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a));
  if (argv.includes('--stdio') || !named) {
    const frames = new GuardedStreamReader(process.stdin);
    const reader = new EditLookahead(frames);
    // Nothing but LSP frames may reach stdout: console output goes to stderr, which editors log.
    for (const k of ['log', 'info', 'warn', 'debug'] as const) {
      console[k] = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
    }
    const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
    frames.onDropped((d) => connection.console.warn(droppedLine(d)));
    exitWithInput(connection);
    return { connection, edits: reader };
  }
  if (argv.includes('--node-ipc')) {
    const reader = new EditLookahead(new IPCMessageReader(process));
    return { connection: createConnection(ProposedFeatures.all, reader, new IPCMessageWriter(process)), edits: reader };
  }
  return { connection: createConnection(ProposedFeatures.all) };
}

/** The log line for dropped input: a count and a reason, never the bytes (they may hold a document). */
export function droppedLine(d: Dropped): string {
  return `Secret Surface: dropped ${d.bytes} byte${d.bytes === 1 ? '' : 's'} of malformed input (${d.reason}); reading on from the next message`;
}

/** The library exits when stdin ends only for streams it was given; ours is behind the frame reader. */
function exitWithInput(connection: Connection): void {
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const end = () => process.exit(shutdown ? 0 : 1);
  process.stdin.once('end', end);
  process.stdin.once('close', end);
}
