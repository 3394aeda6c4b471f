// `secretSurface/admissionPolicy` over LSP in-process: the server generates the policy from the
// workspace folder on disk and answers with the YAML and its messages; failures are answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Workspace } from '../../server/src/core/workspace.js';
import { AdmissionPolicyRequest, type AdmissionPolicyResult } from '../../server/src/protocol.js';
import { registerAdmissionPolicyRequest } from '../../server/src/lsp/admission-request.js';
import { inProcess } from './lsp-client.js';

test('the admission policy request: YAML from the folder on disk, messages, and failures as answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'surface-admission-lsp-'));
  cpSync('examples', dir, { recursive: true });
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), extend: registerAdmissionPolicyRequest });
  try {
    const folder = pathToFileURL(dir).toString();
    await client.initialize([folder]);
    const vap = (await client.conn.sendRequest(AdmissionPolicyRequest, { engine: 'vap', mode: 'warn', folderUri: folder })) as AdmissionPolicyResult;
    assert.ok(vap.ok, JSON.stringify(vap));
    assert.equal(vap.mode, 'warn');
    const kinds = parseAllDocuments(vap.yaml).map((d) => (d.toJSON() as { kind: string }).kind);
    assert.deepEqual(kinds, ['Namespace', 'ConfigMap', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    assert.ok(vap.messages.some((m) => m.severity === 'warning' && m.message.includes('ledger')));
    const kyverno = (await client.conn.sendRequest(AdmissionPolicyRequest, { engine: 'kyverno' })) as AdmissionPolicyResult;
    assert.ok(kyverno.ok && kyverno.yaml.includes('kind: ClusterPolicy'));
    // A config without a signature: the Kyverno policy is refused with the reason.
    writeFileSync(join(dir, '.secret-surface.yaml'), 'version: 1\n');
    const refused = (await client.conn.sendRequest(AdmissionPolicyRequest, { engine: 'kyverno', folderUri: folder })) as AdmissionPolicyResult;
    assert.deepEqual(refused.ok, false);
    assert.match(!refused.ok ? refused.message : '', /needs policy\.signature/);
    writeFileSync(join(dir, '.secret-surface.yaml'), 'version: 1\npolicy:\n  mode: block\n');
    const invalid = (await client.conn.sendRequest(AdmissionPolicyRequest, { engine: 'vap', folderUri: folder })) as AdmissionPolicyResult;
    assert.match(!invalid.ok ? invalid.message : '', /invalid config .*policy\.mode: "block"/);
  } finally {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
