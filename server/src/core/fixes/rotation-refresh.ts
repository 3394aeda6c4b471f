// Fix external-secret-refresh: set `refreshInterval` on the ExternalSecret that writes a too-slowly rotating Secret
// to the maximum the rule allows (`rotation.maxInterval`, 24h by default), replacing the value or adding the key to its spec. SealedSecrets have no
// interval to set: the fix is not offered for them and the rule's docs say what to do instead.
import { ManifestSource } from '../kubernetes/index.js';
import { MAX_ROTATION_SECONDS, formatSeconds, rotationFindingData, secretRotationTooSlow } from '../rules/secret-rotation-too-slow.js';
import type { FixContext } from './context.js';
import type { Fix, FileChange } from './types.js';
import { YamlEditor } from './yaml-edit.js';
import { defineFix } from './fix.js';

const RULE = secretRotationTooSlow.id;
const KEY = 'refreshInterval';

export const externalSecretRefresh = defineFix({
  id: 'external-secret-refresh',
  title: 'Refresh the ExternalSecret at least daily',
  resolves: [RULE],
  docs: {
    safe: 'no (more reads of the backing store; a rotated value reaches the pod only when it reloads its env or files)',
    example: '`refreshInterval: "0"` or `168h` → `refreshInterval: 24h` on the ExternalSecret that writes the Secret; not offered when a SealedSecret is among the sources',
  },
  offer: externalSecretRefreshFixes,
});

function externalSecretRefreshFixes(ctx: FixContext): Fix[] {
  const { sources, maxInterval } = rotationFindingData(ctx.finding);
  const wanted = sources.filter((s) => s.kind === 'ExternalSecret');
  if (wanted.length === 0) return [];
  // The maximum the finding was measured against (`rotation.maxInterval`), else the default.
  const value = maxInterval ?? formatSeconds(MAX_ROTATION_SECONDS);
  const others = sources.filter((s) => s.kind !== 'ExternalSecret');
  if (others.length > 0) {
    // Setting the intervals would leave the finding standing: say what stands in the way instead.
    return [
      {
        id: 'external-secret-refresh',
        title: `Set ${KEY}: ${value} on ExternalSecret ${wanted.map((w) => `${w.namespace}/${w.name}`).join(', ')}`,
        rules: [RULE],
        safe: false,
        isPreferred: false,
        edits: [],
        unavailable: `${others.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ')} has no refresh interval to set: move ${others.length === 1 ? 'it' : 'them'} to a store the External Secrets Operator or the Vault Agent refreshes`,
      },
    ];
  }
  const changes: FileChange[] = [];
  const names: string[] = [];
  for (const w of wanted) {
    for (const file of ctx.ws.files()) {
      const m = ctx.ws.manifestFacts(file);
      const src = m?.secretSources?.find((s) => s.kind === 'ExternalSecret' && s.name === w.name && s.namespace === w.namespace);
      if (!src || !src.specLocation) continue;
      const text = ctx.ws.text(file);
      if (text === undefined) continue;
      const source = new ManifestSource(file, text);
      const spec = source.mapping(src.specLocation);
      if (!spec) continue;
      const editor = new YamlEditor(source);
      const existing = spec.entries.find((e) => e.key === KEY);
      const edit = existing ? editor.setValue(existing, value) : editor.addEntry(spec, KEY, value);
      const prev = changes.find((c) => c.kind === 'edit' && c.file === file);
      if (prev && prev.kind === 'edit') prev.edits.push(edit);
      else changes.push({ kind: 'edit', file, edits: [edit] });
      names.push(`${w.namespace}/${w.name}`);
      break;
    }
  }
  if (changes.length === 0) return [];
  return [
    {
      id: 'external-secret-refresh',
      title: `Set ${KEY}: ${value} on ExternalSecret ${names.join(', ')} (the operator re-reads the store daily; rotate the value there)`,
      rules: [RULE],
      // More reads of the backing store, and a rotated value reaches the pod only as its files or env are reloaded.
      safe: false,
      isPreferred: false,
      edits: changes,
    },
  ];
}
