// One container of a pod spec → ContainerFacts: the Secrets that reach *this* container (env,
// envFrom, and only the volumes its own volumeMounts name), its exec probes and hooks, ports,
// command and args. Volume entries are read once per pod spec and shared by its containers.
import type { YAMLMap } from 'yaml';
import type {
  ContainerFacts,
  ContainerKind,
  ContainerPort,
  ExecHandler,
  ExecSite,
  Location,
  SecretChannel,
  SecretDelivery,
} from '../model.js';
import { needsShell } from './exec-command.js';
import {
  type DocContext,
  get,
  getBool,
  getMap,
  getPair,
  getSeq,
  getString,
  isMap,
  isSeq,
  items,
  loc,
  scalarNumber,
  scalarString,
  stringList,
} from '../yaml/index.js';

export const CSI_SECRETS_DRIVER = 'secrets-store.csi.k8s.io';

/** One Secret a volume carries. */
interface VolumeSecret {
  channel: Exclude<SecretChannel, 'env' | 'envFrom'>;
  secretName: string;
  items?: string[];
  optional: boolean;
  csiDriver?: string;
  /** The `secret` key of the volume (or of the projected source). */
  refLocation?: Location;
}

/** Where `key` is written in `map`: the key itself, the node a finding about that entry sits on. */
function keyLocation(map: unknown, key: string, ctx: DocContext): Location | undefined {
  const pair = isMap(map) ? getPair(map, key, ctx) : undefined;
  return pair?.key ? loc(pair.key as Parameters<typeof loc>[0], ctx) : undefined;
}

/** A pod volume by name: its entry's location and the Secrets in it (empty for configMap etc.). */
export interface PodVolume {
  name: string;
  location: Location;
  secrets: VolumeSecret[];
}

/** The keys an `items:` list selects, when it lists any. */
function keysOf(itemsNode: unknown, ctx: DocContext): string[] | undefined {
  if (!isSeq(itemsNode)) return undefined;
  const keys = items(itemsNode, ctx)
    .map((i) => getString(i, 'key', ctx))
    .filter((k): k is string => k !== undefined);
  return keys.length > 0 ? keys : undefined;
}

/** Reads `spec.volumes`; the first entry wins when names repeat (the API server would reject it). */
export function readVolumes(podSpec: YAMLMap, ctx: DocContext): Map<string, PodVolume> {
  const volumes = new Map<string, PodVolume>();
  for (const v of items(getSeq(podSpec, 'volumes', ctx), ctx)) {
    const name = getString(v, 'name', ctx);
    if (name === undefined || volumes.has(name)) continue;
    const secrets: VolumeSecret[] = [];
    const secret = getMap(v, 'secret', ctx);
    if (secret) {
      secrets.push({
        channel: 'volume',
        secretName: getString(secret, 'secretName', ctx) ?? '',
        items: keysOf(get(secret, 'items', ctx), ctx),
        optional: getBool(secret, 'optional', ctx) ?? false,
        refLocation: keyLocation(v, 'secret', ctx),
      });
    }
    const projected = getMap(v, 'projected', ctx);
    if (projected) {
      // Only `secret` sources are Secrets; `serviceAccountToken` is a token (see TokenFacts),
      // `configMap` / `downwardAPI` / `clusterTrustBundle` are not secret material.
      for (const source of items(getSeq(projected, 'sources', ctx), ctx)) {
        const s = getMap(source, 'secret', ctx);
        if (!s) continue;
        secrets.push({
          channel: 'projected',
          secretName: getString(s, 'name', ctx) ?? '',
          items: keysOf(get(s, 'items', ctx), ctx),
          optional: getBool(s, 'optional', ctx) ?? false,
          refLocation: keyLocation(source, 'secret', ctx),
        });
      }
    }
    const csi = getMap(v, 'csi', ctx);
    if (csi) {
      const driver = getString(csi, 'driver', ctx);
      const spc = getString(getMap(csi, 'volumeAttributes', ctx), 'secretProviderClass', ctx);
      if (driver === CSI_SECRETS_DRIVER && spc !== undefined) {
        secrets.push({ channel: 'csi', secretName: spc, optional: false, csiDriver: driver });
      }
    }
    volumes.set(name, { name, location: loc(v, ctx), secrets });
  }
  return volumes;
}

const PROBES: ExecSite[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS: ExecSite[] = ['postStart', 'preStop'];

function execHandler(site: ExecSite, handler: YAMLMap, ctx: DocContext): ExecHandler | undefined {
  const exec = getMap(handler, 'exec', ctx);
  if (!exec) return undefined;
  // `location` spans the `exec:` key with its mapping, so a fix can swap it for `httpGet:` whole.
  const pair = getPair(handler, 'exec', ctx);
  const command = stringList(get(exec, 'command', ctx), ctx) ?? [];
  return {
    site,
    command,
    needsShell: needsShell(command),
    location: loc(pair, ctx),
    handlerLocation: loc(handler, ctx),
  };
}

function envDeliveries(container: YAMLMap, ctx: DocContext, out: SecretDelivery[]): void {
  for (const entry of items(getSeq(container, 'env', ctx), ctx)) {
    const valueFrom = getMap(entry, 'valueFrom', ctx);
    const ref = getMap(valueFrom, 'secretKeyRef', ctx);
    if (!ref) continue;
    const d: SecretDelivery = {
      channel: 'env',
      secretName: getString(ref, 'name', ctx) ?? '',
      optional: getBool(ref, 'optional', ctx) ?? false,
      location: loc(entry, ctx),
    };
    const refLocation = keyLocation(valueFrom, 'secretKeyRef', ctx);
    if (refLocation) d.refLocation = refLocation;
    const key = getString(ref, 'key', ctx);
    if (key !== undefined) d.key = key;
    const envName = getString(entry, 'name', ctx);
    if (envName !== undefined) d.envName = envName;
    out.push(d);
  }
  for (const entry of items(getSeq(container, 'envFrom', ctx), ctx)) {
    const ref = getMap(entry, 'secretRef', ctx);
    if (!ref) continue;
    const d: SecretDelivery = {
      channel: 'envFrom',
      secretName: getString(ref, 'name', ctx) ?? '',
      optional: getBool(ref, 'optional', ctx) ?? false,
      location: loc(entry, ctx),
    };
    const refLocation = keyLocation(entry, 'secretRef', ctx);
    if (refLocation) d.refLocation = refLocation;
    const prefix = getString(entry, 'prefix', ctx);
    if (prefix !== undefined) d.envName = prefix;
    out.push(d);
  }
}

function volumeDeliveries(
  container: YAMLMap,
  volumes: Map<string, PodVolume>,
  ctx: DocContext,
  out: SecretDelivery[],
): void {
  if (volumes.size === 0) return;
  for (const mount of items(getSeq(container, 'volumeMounts', ctx), ctx)) {
    const name = getString(mount, 'name', ctx);
    const volume = name === undefined ? undefined : volumes.get(name);
    if (!volume || volume.secrets.length === 0) continue;
    const mountPath = getString(mount, 'mountPath', ctx);
    const location = loc(mount, ctx);
    for (const s of volume.secrets) {
      const d: SecretDelivery = {
        channel: s.channel,
        secretName: s.secretName,
        volumeName: volume.name,
        optional: s.optional,
        location,
        volumeLocation: volume.location,
      };
      if (mountPath !== undefined) d.mountPath = mountPath;
      const subPath = getString(mount, 'subPath', ctx);
      if (subPath !== undefined && subPath !== '') d.subPath = subPath;
      if (s.items) d.items = s.items;
      if (s.refLocation) d.refLocation = s.refLocation;
      if (s.csiDriver) {
        d.csiDriver = s.csiDriver;
        d.providerClass = { name: s.secretName };
      }
      out.push(d);
    }
  }
}

export function readContainer(
  node: YAMLMap,
  kind: ContainerKind,
  volumes: Map<string, PodVolume>,
  ctx: DocContext,
): ContainerFacts {
  const location = loc(node, ctx);
  const imageNode = get(node, 'image', ctx);
  const image = scalarString(imageNode);
  // Without an image (a strategic-merge patch, a half-typed container) the finding anchor falls
  // back to the name value, else to the start of the container.
  const imageLocation = image !== undefined ? loc(imageNode, ctx) : loc(get(node, 'name', ctx), ctx, node.range?.[0] ?? 0);

  const secrets: SecretDelivery[] = [];
  envDeliveries(node, ctx, secrets);
  volumeDeliveries(node, volumes, ctx, secrets);

  const execHandlers: ExecHandler[] = [];
  for (const site of PROBES) {
    const probe = getMap(node, site, ctx);
    const h = probe && execHandler(site, probe, ctx);
    if (h) execHandlers.push(h);
  }
  const lifecycle = getMap(node, 'lifecycle', ctx);
  if (lifecycle) {
    for (const site of HOOKS) {
      const hook = getMap(lifecycle, site, ctx);
      const h = hook && execHandler(site, hook, ctx);
      if (h) execHandlers.push(h);
    }
  }

  const ports: ContainerPort[] = [];
  for (const p of items(getSeq(node, 'ports', ctx), ctx)) {
    const containerPort = scalarNumber(get(p, 'containerPort', ctx));
    if (containerPort === undefined) continue;
    const port: ContainerPort = { containerPort, protocol: getString(p, 'protocol', ctx) ?? 'TCP' };
    const name = getString(p, 'name', ctx);
    if (name !== undefined) port.name = name;
    ports.push(port);
  }

  const facts: ContainerFacts = {
    name: getString(node, 'name', ctx) ?? '',
    kind,
    image: image ?? '',
    imageLocation,
    location,
    secrets,
    execHandlers,
    ports,
  };
  const command = stringList(get(node, 'command', ctx), ctx);
  if (command) facts.command = command;
  const args = stringList(get(node, 'args', ctx), ctx);
  if (args) facts.args = args;
  return facts;
}
