// Entry point of the Secret Surface language server: `node server/out/server.js --stdio` (or the
// `secret-surface-language-server` bin) for any LSP editor, `--node-ipc` when the VS Code client forks
// it. lsp/transport.ts picks the transport from the command line, stdio when none is named; the session
// wires it to one core Workspace per workspace folder.
import './lsp/heap.js';
import { Workspace } from './core/workspace.js';
import { startSession } from './lsp/session.js';
import { coreFixes } from './lsp/code-actions.js';
import { registerClusterRequests } from './cluster/check-lsp.js';
import { registerAdmissionPolicyRequest } from './lsp/admission-request.js';
import { registerRuntimePolicyRequest } from './lsp/runtime-request.js';
import { createServerConnection } from './lsp/transport.js';
import { beginLoad } from './files/parse-pool.js';

// The parse pool's worker sits beside the bundle (files/parse-worker.js). A large folder's first index
// is parsed on one worker per core, which are stopped once it is in: idle workers would hold memory.
const PARSE_WORKER = new URL('./files/parse-worker.js', import.meta.url);

const { connection, edits } = createServerConnection();
startSession(connection, {
  createWorkspace: (settings, folder) => new Workspace({ settings, workspaceName: folder.dirName }),
  fixes: coreFixes,
  beginLoad: (target) => beginLoad(target, { jobs: 'auto', workerFile: PARSE_WORKER }),
  ...(edits ? { edits } : {}),
  extend: (c, s) => {
    registerClusterRequests(c, s);
    registerAdmissionPolicyRequest(c, s);
    registerRuntimePolicyRequest(c, s);
  },
});
