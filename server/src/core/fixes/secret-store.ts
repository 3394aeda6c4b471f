// Fixes secret-volume-to-csi and env-secret-to-file: Secrets move to a Secrets Store CSI volume
// (`secrets-store.csi.k8s.io`, read-only, same mount path) backed by a SecretProviderClass written to a
// NEW file beside the manifest for the configured provider, keys mapped to provider objects. Env vars
// from a Secret become `<NAME>_FILE` pointing at the mounted file, with a TODO where the app must change.
import type { Exposure } from '../exposure.js';
import type { SecretDelivery } from '../model.js';
import { CSI_SECRETS_DRIVER, ManifestSource } from '../kubernetes/index.js';
import { invalidName, showName, toLabel, type NameKind } from '../kubernetes/names.js';
import type { FixContext } from './context.js';
import type { FileChange, Fix, TextEdit } from './types.js';
import { YamlEditor, type YamlValue } from './yaml-edit.js';

import { secretAsEnvVar } from '../rules/secret-as-env-var.js';
import { secretVolumeNotCsi } from '../rules/secret-volume-not-csi.js';
import { defineFix } from './fix.js';

export const secretVolumeToCsi = defineFix({
  id: 'secret-volume-to-csi',
  title: 'Mount the Secret through the Secrets Store CSI driver',
  resolves: [secretVolumeNotCsi.id],
  docs: {
    safe: 'no',
    example:
      '`secret: {secretName: tls}` → `csi: {driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: {secretProviderClass: tls}}` ' +
      'and a new `tls-secret-provider-class.yaml` for the provider in `fixes.csiProvider` / `secretSurface.fixes.csiProvider` (vault, aws, azure, gcp; default vault)',
  },
  offer: secretVolumeToCsiFixes,
});

export const envSecretToFile = defineFix({
  id: 'env-secret-to-file',
  title: 'Move a Secret env var to a mounted file',
  resolves: [secretAsEnvVar.id],
  docs: {
    safe: 'no (the app must read the file)',
    example: '`DB_PASSWORD` from `secretKeyRef` → `DB_PASSWORD_FILE=/var/run/secrets/app/db/password` from a read-only CSI volume, with a `# TODO` where the app must change',
  },
  offer: envSecretToFileFixes,
});
const PROVIDERS = ['vault', 'aws', 'azure', 'gcp'];

export function providerOf(ctx: FixContext): string {
  const p = ctx.result.config.fixes.csiProvider ?? ctx.options.csiProvider;
  return p && PROVIDERS.includes(p) ? p : 'vault';
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i + 1);
}

/** The SecretProviderClass for `secret` in a new file; reuses one the workspace already has. */
function providerClass(ctx: FixContext, e: Exposure, secret: string, keys: string[], taken: Set<string>): { change?: FileChange; note: string } {
  const ns = e.workload.ref.namespace;
  const existing = ctx.ws.files().flatMap((f) => ctx.ws.manifestFacts(f)?.secretProviderClasses ?? []).find((s) => s.name === secret && s.namespace === ns);
  if (existing) return { note: `use the existing SecretProviderClass ${ns}/${secret} in ${existing.location.file}` };
  const stem = `${dirOf(e.file)}${secret}-secret-provider-class`;
  let file = `${stem}.yaml`;
  for (let n = 2; ctx.ws.hasFile(file) || taken.has(file); n++) file = `${stem}-${n}.yaml`;
  taken.add(file);
  const renamed = file !== `${stem}.yaml` ? ` (${stem}.yaml exists)` : '';
  const eol = (ctx.ws.text(e.file) ?? '').includes('\r\n') ? '\r\n' : '\n';
  return { change: { kind: 'create', file, text: spcText(secret, ns, providerOf(ctx), keys, e).join(eol) + eol }, note: `create ${file}${renamed}` };
}

/**
 * A value only the user can give, written so it cannot pass for a real one: `<REPLACE: what>` is no URL,
 * role, path or resource name any provider accepts, so a class applied as written fails at mount.
 */
export function placeholder(what: string): string {
  return `<REPLACE: ${what}>`;
}

function spcText(name: string, namespace: string, provider: string, keys: string[], e: Exposure): string[] {
  const known = keys.length > 0;
  const objs = known ? keys : [name];
  const lines = [
    `# SecretProviderClass written by Secret Surface: replace every ${placeholder('…')} value before applying (the provider rejects them as written).`,
    'apiVersion: secrets-store.csi.x-k8s.io/v1',
    'kind: SecretProviderClass',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  provider: ${provider}`,
    '  parameters:',
  ];
  if (!known) lines.push(`    # TODO: list every key of Secret "${name}" that ${e.container.name} reads; the Secret's keys are not in the workspace.`);
  const slug = (k: string) => k.replace(/[^A-Za-z0-9_-]/g, '-');
  switch (provider) {
    case 'aws':
      lines.push(`    # The pod's ServiceAccount needs IAM access to the secret (IRSA).`);
      lines.push('    objects: |', `      - objectName: "${placeholder(`Secrets Manager secret name or ARN holding ${namespace}/${name}`)}"`, '        objectType: "secretsmanager"', '        jmesPath:');
      for (const k of objs) lines.push(`          - path: "${k}"`, `            objectAlias: "${k}"`);
      break;
    case 'azure':
      lines.push('    # The pod needs a workload identity with read access to the Key Vault.');
      lines.push(`    keyvaultName: "${placeholder('Key Vault name')}"`, `    tenantId: "${placeholder('Azure tenant ID')}"`, '    objects: |', '      array:');
      for (const k of objs) lines.push('        - |', `          objectName: "${placeholder(`Key Vault secret holding ${name}/${k}`)}"`, '          objectType: secret', `          objectAlias: ${k}`);
      break;
    case 'gcp':
      lines.push('    # The pod needs Workload Identity access to these secrets.');
      lines.push('    secrets: |');
      for (const k of objs) lines.push(`      - resourceName: "projects/${placeholder('Google Cloud project ID')}/secrets/${placeholder(`secret holding ${name}/${slug(k)}`)}/versions/latest"`, `        path: "${k}"`);
      break;
    default:
      lines.push("    # The role is the Vault Kubernetes-auth role the pod's ServiceAccount logs in with.");
      lines.push(`    vaultAddress: "${placeholder('Vault address, https://…:8200')}"`, `    roleName: "${placeholder(`Vault role for ${namespace}/${e.workload.ref.name}`)}"`, '    objects: |');
      for (const k of objs) lines.push(`      - objectName: "${k}"`, `        secretPath: "${placeholder(`Vault KV path holding ${namespace}/${name}`)}"`, `        secretKey: "${k}"`);
  }
  return lines;
}

/** The names of the workload and container that a SecretProviderClass text embeds. */
function workloadNames(e: Exposure): [NameKind, string][] {
  return [
    ['namespace', e.workload.ref.namespace],
    ['object', e.workload.ref.name],
    ['label', e.container.name],
  ];
}

function csiValue(spc: string): YamlValue {
  return { driver: CSI_SECRETS_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: spc } };
}

function secretVolumeToCsiFixes(ctx: FixContext): Fix[] {
  const e = ctx.exposure;
  if (!e) return [];
  const text = ctx.ws.text(e.file);
  if (text === undefined) return [];
  const vols = e.secrets.filter((s) => s.channel === 'volume' || s.channel === 'projected');
  const base = { id: secretVolumeToCsi.id, rules: [...secretVolumeToCsi.resolves], safe: false, isPreferred: false };
  const projected = vols.find((v) => v.channel === 'projected');
  if (projected) {
    return [{ ...base, title: 'Cannot move the projected volume to CSI', edits: [], unavailable: `Volume "${projected.volumeName}" is projected (it may mix Secrets with tokens or ConfigMaps): split out its Secrets first.` }];
  }
  const bad = invalidName([...workloadNames(e), ...vols.flatMap((v): [NameKind, string][] => [['secret', v.secretName], ...(v.items ?? []).map((k): [NameKind, string] => ['key', k])])]);
  if (bad) return [{ ...base, title: `Cannot move Secret ${showName(vols[0]?.secretName ?? '')} to CSI`, edits: [], unavailable: bad }];
  const src = new ManifestSource(e.file, text);
  const editor = new YamlEditor(src);
  const edits: TextEdit[] = [];
  const creates: FileChange[] = [];
  const notes: string[] = [];
  const taken = new Set<string>();
  const seen = new Set<string>();
  for (const v of vols) {
    if (!v.volumeLocation || seen.has(v.volumeName ?? '')) continue;
    seen.add(v.volumeName ?? '');
    const layout = src.mapping(v.volumeLocation);
    const entry = layout?.entries.find((x) => x.key === 'secret');
    if (!layout || !entry) return [];
    if (/\bpath\s*:/.test(src.text.slice(entry.start, entry.end))) {
      return [{ ...base, title: `Cannot move Secret "${v.secretName}" to CSI`, edits: [], unavailable: `Volume "${v.volumeName}" maps keys to other file names (items[].path): write the objectAlias values by hand.` }];
    }
    edits.push(editor.replaceEntry(layout, entry, 'csi', csiValue(v.secretName)));
    const spc = providerClass(ctx, e, v.secretName, v.items ?? [], taken);
    if (spc.change) creates.push(spc.change);
    notes.push(spc.note);
  }
  if (edits.length === 0) return [];
  const names = [...seen].join(', ');
  return [
    {
      ...base,
      title: `Mount ${vols.length > 1 ? 'volumes' : 'volume'} ${names} through the Secrets Store CSI driver (${providerOf(ctx)}) and ${notes.join('; ')}`,
      edits: [{ kind: 'edit', file: e.file, edits }, ...creates],
    },
  ];
}

function envSecretToFileFixes(ctx: FixContext): Fix[] {
  const e = ctx.exposure;
  if (!e) return [];
  const text = ctx.ws.text(e.file);
  if (text === undefined) return [];
  const env = e.secrets.filter((s) => s.channel === 'env' || s.channel === 'envFrom');
  const base = { id: envSecretToFile.id, rules: [...envSecretToFile.resolves], safe: false, isPreferred: false };
  const from = env.find((s) => s.channel === 'envFrom');
  if (from) {
    return [{ ...base, title: `Cannot move envFrom Secret ${showName(from.secretName)} to files`, edits: [], unavailable: `envFrom takes every key of Secret ${showName(from.secretName)}; which ones the app reads is not in the manifest. List them as env entries first.` }];
  }
  const bad = invalidName([...workloadNames(e), ...env.flatMap((d): [NameKind, string | undefined][] => [['secret', d.secretName], ['env', d.envName], ['key', d.key]])]);
  if (bad) return [{ ...base, title: `Cannot move Secret ${showName(env[0]?.secretName ?? '')} to files`, edits: [], unavailable: bad }];
  const src = new ManifestSource(e.file, text);
  const editor = new YamlEditor(src);
  const container = src.mapping(e.container.location);
  const pod = src.mapping(e.workload.podSpecLocation);
  if (!container || !pod) return [];
  const edits: TextEdit[] = [];
  const creates: FileChange[] = [];
  const notes: string[] = [];
  const taken = new Set<string>();
  const bySecret = new Map<string, SecretDelivery[]>();
  for (const d of env) bySecret.set(d.secretName, [...(bySecret.get(d.secretName) ?? []), d]);
  const volumeNames = new Set(pod.entries.some((x) => x.key === 'volumes') ? (src.text.match(/name:\s*([\w.-]+)/g) ?? []).map((m) => m.replace(/name:\s*/, '')) : []);
  const mounts: YamlValue[] = [];
  const volumes: YamlValue[] = [];
  for (const [secret, ds] of bySecret) {
    // A volume name is a DNS-1123 label: a Secret name may hold dots and be longer.
    const stem = toLabel(secret, 50);
    let volume = `${stem}-files`;
    for (let n = 2; volumeNames.has(volume); n++) volume = `${stem}-files-${n}`;
    volumeNames.add(volume);
    const mountPath = `/var/run/secrets/app/${secret}`;
    for (const d of ds) {
      if (!d.envName || !d.key) return [];
      const layout = src.mapping(d.location);
      if (!layout) return [];
      const path = `${mountPath}/${d.key}`;
      const nameEntry = layout.entries.find((x) => x.key === 'name');
      const valueFrom = layout.entries.find((x) => x.key === 'valueFrom');
      if (!nameEntry || !valueFrom) return [];
      const line = src.index.positionAt(layout.start).line;
      const lineStart = src.index.lineStart(line);
      const col = /^\s*/.exec(src.text.slice(lineStart, layout.start))![0].length;
      edits.push(editor.edit(lineStart, lineStart, `${' '.repeat(col)}# TODO: the app must read ${d.envName} from the file named by ${d.envName}_FILE${editor.eol}`));
      // Entry by entry, so a comment after the name or between the keys stays where it is.
      edits.push(editor.setValue(nameEntry, `${d.envName}_FILE`));
      edits.push(editor.replaceEntry(layout, valueFrom, 'value', path));
    }
    mounts.push({ name: volume, mountPath, readOnly: true });
    volumes.push({ name: volume, csi: csiValue(secret) });
    const spc = providerClass(ctx, e, secret, [...new Set(ds.map((d) => d.key!))], taken);
    if (spc.change) creates.push(spc.change);
    notes.push(spc.note);
  }
  for (const m of mounts) edits.push(editor.addToList(container, 'volumeMounts', m));
  for (const v of volumes) edits.push(editor.addToList(pod, 'volumes', v));
  const vars = env.map((d) => d.envName).join(', ');
  return [
    {
      ...base,
      title: `Read ${vars} from files: mount ${[...bySecret.keys()].join(', ')} through the Secrets Store CSI driver (${providerOf(ctx)}), set ${env.map((d) => `${d.envName}_FILE`).join(', ')}, and ${notes.join('; ')} — the app must read the files`,
      edits: [{ kind: 'edit', file: e.file, edits }, ...creates],
    },
  ];
}
