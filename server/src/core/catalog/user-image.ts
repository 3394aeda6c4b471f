// An image the project declares itself (`.secret-surface.yaml` `catalog:`), as a catalog entry: its
// tools named through the tool vocabulary, busybox's applets, and an unknown shell kept unverified.
import type { CatalogImage, ImageRef, ToolCategory, TriState, UserCatalogEntry } from '../model.js';
import { BUSYBOX_APPLETS, toolName } from './tools.js';

export function userImage(u: UserCatalogEntry, ref: ImageRef): CatalogImage {
  const tools: CatalogImage['tools'] = [];
  const add = (tool: string, category: ToolCategory, state: TriState, via?: string) => {
    if (tools.some((t) => t.tool === tool)) return;
    const t: CatalogImage['tools'][number] = { tool, category, state, detail: 'declared in .secret-surface.yaml' };
    if (via) t.via = via;
    tools.push(t);
  };
  for (const name of u.tools ?? []) {
    const t = toolName(name);
    if (t) add(t.tool, t.category, 'yes');
  }
  if (u.busybox) {
    add('busybox', 'shell', 'yes');
    for (const a of BUSYBOX_APPLETS) add(a.tool, a.category, 'yes', 'busybox');
  }
  let shell: TriState;
  if (u.shell === true) shell = 'yes';
  else if (u.shell === false) shell = 'no';
  else if (tools.some((t) => t.category === 'shell')) shell = 'yes';
  else if (u.hardened) shell = 'no';
  else shell = 'unverified';
  if (shell !== 'no' && !tools.some((t) => t.category === 'shell')) add('sh', 'shell', shell);
  if (shell === 'no') for (const t of tools) if (t.category === 'shell') t.state = 'no';
  const runtime = u.runtime;
  const risky = tools.some((t) => t.state !== 'no' && !(t.category === 'interpreter' && runtime !== undefined && t.tool.startsWith(runtime.replace(/[0-9.]+$/, ''))));
  const img: CatalogImage = {
    id: `user:${u.image}`,
    family: ref.name,
    variant: ref.tag ?? 'any tag',
    shell,
    busybox: u.busybox === true,
    packageManager: tools.find((t) => t.category === 'package-manager')?.tool ?? (u.hardened ? 'none' : 'unverified'),
    tools,
    nonRootDefault: u.user === undefined ? 'unverified' : u.user === 'root' || u.user === '0' || u.user.startsWith('0:') ? 'no' : 'yes',
    entrypointNeedsShell: false,
    hardened: u.hardened ?? (shell === 'no' && !risky),
    sources: ['.secret-surface.yaml'],
    userDefined: true,
  };
  if (runtime) img.runtime = runtime;
  if (u.user) img.defaultUser = u.user;
  if (u.replacement) img.replacement = { image: u.replacement, how: 'declared as the replacement in .secret-surface.yaml' };
  return img;
}
