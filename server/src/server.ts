// Entry point of the Secret Surface language server: `node server/out/server.js --stdio` for any LSP
// editor, `--node-ipc` when the VS Code client forks it. The connection picks the transport from
// the command line; the session wires it to one core Workspace per workspace folder.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { Workspace } from './core/workspace.js';
import { startSession } from './lsp/session.js';
import { coreFixes } from './lsp/code-actions.js';
import { registerClusterRequests } from './cluster/check-lsp.js';
import { registerAdmissionPolicyRequest } from './lsp/admission-request.js';
import { registerRuntimePolicyRequest } from './lsp/runtime-request.js';

const connection = createConnection(ProposedFeatures.all);
startSession(connection, {
  createWorkspace: (settings) => new Workspace({ settings }),
  fixes: coreFixes,
  extend: (c, s) => {
    registerClusterRequests(c, s);
    registerAdmissionPolicyRequest(c, s);
    registerRuntimePolicyRequest(c, s);
  },
});
