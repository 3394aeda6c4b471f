// What one RUN instruction does to the image's tools: package installs and removals for apt, apk,
// dnf/yum/microdnf, zypper, pip, npm and gem; `rm` of command paths; `busybox --install`; and downloads piped
// into a shell, which are noted because what they install cannot be known.
import type { Catalog, PackageTool } from '../catalog/catalog.js';
import { BUSYBOX_APPLETS, isBinDir, isShell, toolCategory, toolName } from '../catalog/tools.js';
import { basename, splitCommands, stripPrefix, type Command, type Word } from './shell-words.js';

export interface RunAdd extends PackageTool {
  package: string;
  manager: string;
  word: Word;
}

export interface RunRemove {
  tool: string;
  word: Word;
}

export interface RunNote {
  message: string;
  word?: Word;
  severity: 'info' | 'warning';
}

/** State that lives across the RUN lines of one stage (apk virtual groups). */
export interface StageRunState {
  virtualGroups: Map<string, { manager: string; pkg: string }[]>;
}

export interface RunEffects {
  added: RunAdd[];
  removed: RunRemove[];
  notes: RunNote[];
}


// Options that take a separate argument, per manager (`-o Dpkg::…`, `--virtual .deps` …).
const ARG_OPTIONS: Record<string, Set<string>> = {
  apt: new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file', '-a', '--host-architecture']),
  apk: new Set(['-t', '--virtual', '-X', '--repository', '--repositories-file', '-p', '--root', '--keys-dir', '--arch', '--cache-dir']),
  dnf: new Set(['--enablerepo', '--disablerepo', '--repo', '--repoid', '-c', '--config', '--installroot', '--releasever', '--setopt', '-x', '--exclude', '--forcearch', '--nodocs-x']),
  zypper: new Set(['-t', '--type', '-r', '--repo', '--from', '-R', '--root', '-D', '--reposd-dir', '-C', '--cache-dir']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--trusted-host', '--cache-dir', '--src', '--upgrade-strategy', '--only-binary', '--no-binary']),
  npm: new Set(['--prefix', '--registry', '--cache', '-w', '--workspace', '--omit', '--include', '--tag']),
  gem: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '--platform']),
};

const INSTALL = new Set(['install', 'in', 'add', 'reinstall', 'i']);
const REMOVE = new Set(['remove', 'purge', 'autoremove', 'erase', 'del', 'rm', 'uninstall', 'un']);

/** Analyses the RUN text `text[from, to)` (shell form) or the exec-form words. */
export function analyseRun(
  text: string,
  commands: Command[],
  escape: string,
  catalog: Catalog,
  state: StageRunState,
): RunEffects {
  const effects: RunEffects = { added: [], removed: [], notes: [] };
  const all = expandShellC(text, commands, escape);
  for (let n = 0; n < all.length; n++) {
    const cmd = all[n]!;
    const words = stripPrefix(cmd.words);
    const head = words[0];
    if (!head) continue;
    const name = basename(head.value);
    if (cmd.op === '|' && (isShell(name) || toolCategory(name) === 'interpreter')) {
      const prev = all[n - 1] ? stripPrefix(all[n - 1]!.words)[0] : undefined;
      if (prev && toolCategory(prev.value) === 'network') {
        effects.notes.push({
          severity: 'info',
          word: prev,
          message: `a download is piped into ${name}: whatever that installer adds (a shell, a network client, a CLI) cannot be known from the Dockerfile`,
        });
      }
    }
    if (isShell(name) && words.some((w) => [...w.value.matchAll(/\$\(\s*([^\s;|&()]+)/g)].some((m) => toolCategory(m[1]!) === 'network'))) {
      effects.notes.push({ severity: 'info', word: head, message: 'a downloaded script is run by a shell: what it installs cannot be known from the Dockerfile' });
    }
    if (name === 'rm') {
      removals(words.slice(1), effects);
      continue;
    }
    if (name === 'busybox' && words.some((w) => w.value === '--install')) {
      // `--install` links every applet, `ash` among them.
      for (const a of [...BUSYBOX_APPLETS, toolName('ash')!]) {
        effects.added.push({ ...a, via: 'busybox', package: 'busybox', manager: 'busybox', word: head });
      }
      continue;
    }
    let manager = catalog.managerFor(name);
    let rest = words.slice(1);
    if (!manager && /^python[0-9.]*$/.test(name) && rest[0]?.value === '-m' && /^pip[0-9.]*$/.test(rest[1]?.value ?? '')) {
      manager = 'pip';
      rest = rest.slice(2);
    }
    if (!manager) continue;
    packageCommand(manager, name, rest, catalog, state, effects);
  }
  return effects;
}

/** `sh -c "apt-get install -y curl"` and `bash -c '…'`: split the quoted script as well. */
function expandShellC(text: string, commands: Command[], escape: string): Command[] {
  const out: Command[] = [];
  for (const cmd of commands) {
    out.push(cmd);
    const words = stripPrefix(cmd.words);
    const head = words[0];
    if (!head || !isShell(head.value)) continue;
    const c = words.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.value));
    const script = c > 0 ? words[c + 1] : undefined;
    if (!script) continue;
    const inner = script.quoted ? splitCommands(text, script.start + 1, script.end - 1, escape, false) : [];
    out.push(...inner);
  }
  return out;
}


function removals(args: Word[], effects: RunEffects): void {
  for (const w of args) {
    const p = w.value;
    if (p.startsWith('-') || p.includes('*') || p.includes('$')) continue;
    const path = p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p;
    if (path === '/busybox' || path.endsWith('/busybox')) {
      effects.removed.push({ tool: 'busybox', word: w });
      continue;
    }
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    const t = isBinDir(dir) ? toolName(path) : undefined;
    if (t) effects.removed.push({ tool: t.tool, word: w });
  }
}

function packageCommand(manager: string, command: string, args: Word[], catalog: Catalog, state: StageRunState, effects: RunEffects): void {
  const argOptions = ARG_OPTIONS[manager] ?? new Set<string>();
  let sub: string | undefined;
  let global = false;
  let otherRoot = false;
  let virtual: string | undefined;
  const pkgs: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v.startsWith('-')) {
      const [opt, inline] = v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [v, undefined];
      if (opt === '-g' || opt === '--global') global = true;
      if (opt === '--installroot' || opt === '--root' || (opt === '-p' && manager === 'apk') || (manager === 'pip' && (opt === '--target' || opt === '-t' || opt === '--prefix'))) otherRoot = true;
      if (opt === '--auto-remove' || opt === '--autoremove') {
        effects.notes.push({ severity: 'info', word: w, message: 'dependencies removed automatically (--auto-remove) are not tracked; only the named packages count as removed' });
      }
      if (argOptions.has(opt) && inline === undefined) {
        const val = args[i + 1];
        if ((opt === '--virtual' || opt === '-t') && manager === 'apk' && val) virtual = val.value;
        i++;
      } else if ((opt === '--virtual' || opt === '-t') && manager === 'apk' && inline) virtual = inline;
      continue;
    }
    if (sub === undefined) {
      // `yarn global add x`
      if (command === 'yarn' && v === 'global') {
        global = true;
        continue;
      }
      sub = v;
      continue;
    }
    pkgs.push(w);
  }
  if (sub === undefined) return;
  const isInstall = INSTALL.has(sub) || (manager === 'npm' && command === 'yarn' && sub === 'add');
  const isRemove = REMOVE.has(sub);
  if (!isInstall && !isRemove) return;
  if (isInstall && otherRoot && manager !== 'npm') return; // installed into another root, not this image
  if (manager === 'npm' && !global) return; // a project-local install adds no command on PATH
  if (manager === 'apt' && sub === 'autoremove') {
    effects.notes.push({ severity: 'info', message: 'apt-get autoremove: packages removed automatically are not tracked' });
    return;
  }
  for (const w of pkgs) {
    const pkg = w.value;
    if (isRemove && manager === 'apk' && state.virtualGroups.has(pkg)) {
      // `apk del .build-deps` removes every package the virtual group pulled in.
      for (const member of state.virtualGroups.get(pkg)!) {
        for (const t of catalog.packageTools(member.manager, member.pkg)) effects.removed.push({ tool: t.tool, word: w });
      }
      state.virtualGroups.delete(pkg);
      continue;
    }
    if (pkg === '' || pkg.includes('$') || pkg.startsWith('/') || pkg.startsWith('.') || /^[a-z+]+:\/\//.test(pkg) || pkg.startsWith('git+') || pkg.endsWith('.whl') || pkg.endsWith('.rpm') || pkg.endsWith('.deb') || pkg.endsWith('.tar.gz')) continue;
    const tools = catalog.packageTools(manager, pkg);
    if (isInstall) {
      for (const t of tools) effects.added.push({ ...t, package: pkg, manager: manager === 'apt' || manager === 'dnf' ? command : manager, word: w });
      if (virtual) {
        const group = state.virtualGroups.get(virtual) ?? [];
        group.push({ manager, pkg });
        state.virtualGroups.set(virtual, group);
      }
    } else {
      for (const t of tools) effects.removed.push({ tool: t.tool, word: w });
    }
  }
}
