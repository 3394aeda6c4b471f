// Fix automount-token-off: stop mounting the service-account token into a pod whose image has a shell
// or a network client — on the pod spec, or on the ServiceAccount when every workload in the workspace
// that uses it has the same finding (so no workload loses a token nobody flagged).
import { ManifestSource } from '../kubernetes/index.js';
import { workloadLabel } from '../rules/rule.js';
import { sameRef, type FixContext } from './context.js';
import type { Fix } from './types.js';
import { YamlEditor } from './yaml-edit.js';

import { tokenAutomountInUnhardenedImage } from '../rules/token-automount-in-unhardened-image.js';
import { defineFix } from './fix.js';

export const automountTokenOff = defineFix({
  id: 'automount-token-off',
  title: 'Stop mounting the service-account token',
  resolves: [tokenAutomountInUnhardenedImage.id],
  docs: {
    safe: 'no (the app loses its API token)',
    example: '`automountServiceAccountToken: false` on the pod spec, or on the ServiceAccount when every workload using it is flagged',
  },
  offer: automountFixes,
});
const RULE = tokenAutomountInUnhardenedImage.id;
const KEY = 'automountServiceAccountToken';

function automountFixes(ctx: FixContext): Fix[] {
  const e = ctx.exposure;
  if (!e) return [];
  const out: Fix[] = [];
  const text = ctx.ws.text(e.file);
  if (text === undefined) return [];
  const src = new ManifestSource(e.file, text);
  const editor = new YamlEditor(src);
  const pod = src.mapping(e.workload.podSpecLocation);
  if (pod) {
    const existing = pod.entries.find((x) => x.key === KEY);
    const edit = existing ? editor.setValue(existing, false) : editor.addEntry(pod, KEY, false);
    out.push({
      id: automountTokenOff.id,
      title: `Set ${KEY}: false on the pod spec of ${workloadLabel(e.workload.ref)} (its containers lose the API token)`,
      rules: [RULE],
      // The app may call the Kubernetes API with that token: only its owner can say it does not.
      safe: false,
      isPreferred: false,
      edits: [{ kind: 'edit', file: e.file, edits: [edit] }],
    });
  }
  const saFix = serviceAccountFix(ctx);
  if (saFix) out.push(saFix);
  return out;
}

function serviceAccountFix(ctx: FixContext): Fix | undefined {
  const e = ctx.exposure!;
  if (e.token.reason === 'pod') return undefined;
  const ns = e.workload.ref.namespace;
  const accounts = manifestsServiceAccounts(ctx).filter((s) => s.sa.name === e.token.serviceAccountName && s.sa.namespace === ns);
  const account = accounts[0];
  if (!account) return undefined;
  // Every workload in the workspace that runs as this account must be one this rule flags.
  const users = ctx.result.exposures.filter((x) => x.workload.ref.namespace === ns && (x.workload.serviceAccountName || 'default') === account.sa.name);
  const flagged = ctx.result.findings.filter((f) => f.rule === RULE);
  const covered = users.every((u) => u.token.reason !== 'pod' && flagged.some((f) => f.location.file === u.file && sameRef(f.workload, u.workload.ref) && f.container === u.container.name));
  if (!covered) return undefined;
  const text = ctx.ws.text(account.file);
  if (text === undefined) return undefined;
  const src = new ManifestSource(account.file, text);
  const editor = new YamlEditor(src);
  const layout = src.mapping(account.sa.location);
  if (!layout) return undefined;
  const existing = layout.entries.find((x) => x.key === KEY);
  const edit = existing ? editor.setValue(existing, false) : editor.addEntry(layout, KEY, false);
  const names = [...new Set(users.map((u) => workloadLabel(u.workload.ref)))];
  return {
    id: automountTokenOff.id,
    title: `Set ${KEY}: false on ServiceAccount ${ns}/${account.sa.name} (used only by ${names.join(', ')}, which lose the API token)`,
    rules: [RULE],
    safe: false,
    isPreferred: false,
    edits: [{ kind: 'edit', file: account.file, edits: [edit] }],
  };
}

function manifestsServiceAccounts(ctx: FixContext) {
  const out = [];
  for (const file of ctx.ws.files()) {
    const m = ctx.ws.manifestFacts(file);
    if (!m) continue;
    for (const sa of m.serviceAccounts) out.push({ file, sa });
  }
  return out;
}
