// The tool vocabulary, the one dictionary every reader asks: which program names count as a shell, a
// script interpreter, a network client or a package manager, the name a user knows each by (`python3`
// for `python3.12`, `nc` for `nc.openbsd`), which directories hold commands, and what a BusyBox binary
// stands in for. The Dockerfile reader, the catalog, the manifest reader, the rules, the fixes and the
// registry layer reader all decide through this module, so a file scan and a cluster check of the same
// image contents name the same tools.
//
// Decision on Java (and .NET): `java`/`dotnet` are runtimes, not tools an intruder uses like a shell — they
// cannot run a one-liner the way `python -c` or `node -e` can (jshell exists only in JDKs), so they are not
// in the vocabulary at all; an image records them as its `runtime` instead. PowerShell (`pwsh`) is a shell.
import type { ToolCategory } from '../model.js';

const SHELLS = [
  'sh', 'bash', 'rbash', 'ash', 'dash', 'zsh', 'ksh', 'ksh93', 'mksh', 'oksh', 'loksh', 'tcsh', 'csh', 'fish', 'yash',
  'posh', 'hush', 'busybox', 'toybox', 'pwsh',
];
const INTERPRETERS = [
  'python', 'python2', 'python3', 'perl', 'node', 'deno', 'bun', 'ruby', 'irb', 'php', 'lua', 'luajit', 'tclsh', 'gawk',
  'mawk', 'awk',
];
const NETWORK = [
  'curl', 'wget', 'wget2', 'http', 'https', 'lftp', 'ftp', 'tftp', 'ftpget', 'ftpput', 'rsync', 'nc', 'netcat',
  'ncat', 'nmap', 'socat', 'ssh', 'scp', 'sftp', 'ssh-keyscan', 'dbclient', 'telnet', 'dig', 'nslookup', 'host',
  'kdig', 'drill', 'delv', 'nsupdate', 'whois', 'psql', 'mysql', 'mariadb', 'mysqlsh', 'redis-cli', 'valkey-cli',
  'mongo', 'mongosh', 'mongodump', 'openssl', 'gnutls-cli', 'ssl_client', 'aws', 'kubectl', 'git', 's3cmd', 'pgcli',
  'mycli', 'iredis', 'wscat', 'pwncat', 'localtunnel', 'lt', 'ngrok', 'gsutil', 'gcloud', 'az',
];
const PACKAGE_MANAGERS = [
  'apt', 'apt-get', 'dpkg', 'apk', 'dnf', 'yum', 'microdnf', 'tdnf', 'rpm', 'zypper', 'pip', 'pip2', 'pip3', 'pipx',
  'uv', 'npm', 'npx', 'yarn', 'pnpm', 'corepack', 'gem', 'bundle', 'composer', 'conda',
];
/** Other names distributions install a tool under. */
const ALIASES = new Map([['nodejs', 'node']]);

/** A program as the vocabulary knows it. */
export interface ToolName {
  /** The name a user knows the tool by (`python3`, not `python3.12`). */
  tool: string;
  category: ToolCategory;
}

const CATEGORY = new Map<string, ToolCategory>();
for (const t of SHELLS) CATEGORY.set(t, 'shell');
for (const t of INTERPRETERS) CATEGORY.set(t, 'interpreter');
for (const t of NETWORK) CATEGORY.set(t, 'network');
for (const t of PACKAGE_MANAGERS) CATEGORY.set(t, 'package-manager');

function known(tool: string): ToolName | undefined {
  const category = CATEGORY.get(tool);
  return category ? { tool, category } : undefined;
}

/**
 * The tool a program name (or a path to one) stands for, or undefined for anything else (`ls`,
 * `python3-config` …). Versioned binaries map to the tool: `python3.12` and `python3.12m` → python3,
 * `perl5.36.0` → perl, `pip3.12` → pip3, `lua5.4` → lua, `php8.2` → php.
 */
export function toolName(name: string): ToolName | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  // Debian's alternatives: nc.openbsd, nc.traditional.
  const plain = base.replace(/\.(?:openbsd|traditional)$/, '');
  const direct = known(ALIASES.get(plain) ?? plain);
  if (direct) return direct;
  const m = /^([A-Za-z][A-Za-z_-]*?)(\d+)((?:\.\d+)*)m?$/.exec(base);
  if (!m) return undefined;
  const [, stem, major, minor] = m as unknown as [string, string, string, string];
  // `python3.12` is python3 and `pip3.12` pip3; `perl5.36` is perl, `lua5.4` lua.
  return (minor !== '' ? known(stem + major) : undefined) ?? known(stem);
}

/** The category of a tool name (`/usr/bin/python3.12` → interpreter), or undefined for anything else. */
export function toolCategory(name: string): ToolCategory | undefined {
  return toolName(name)?.category;
}

/** True when the program (`sh`, `/bin/bash`, `busybox`, `pwsh` …) is a shell. */
export function isShell(name: string): boolean {
  return toolCategory(name) === 'shell';
}

/**
 * BusyBox applets that are network clients (defconfig and distroless `:debug` command list). `busybox wget …`
 * works even when no applet link exists, so a busybox binary brings these along.
 */
export const BUSYBOX_NETWORK_APPLETS = ['wget', 'nc', 'nslookup', 'telnet', 'ftpget', 'ftpput', 'tftp', 'whois', 'ssl_client'];

/**
 * What a busybox binary is taken to bring when no applet links are listed (a Dockerfile COPY, a
 * `busybox --install`, a catalog entry with `busybox: true`): its shell and the network clients every
 * build has.
 */
export const BUSYBOX_APPLETS: readonly ToolName[] = [
  { tool: 'sh', category: 'shell' },
  ...BUSYBOX_NETWORK_APPLETS.slice(0, 3).map((tool) => ({ tool, category: 'network' as const })),
];

/** BusyBox applets that are shells. */
export const BUSYBOX_SHELL_APPLETS = ['sh', 'ash', 'hush'];

/** The busybox multi-call binary itself (`busybox`, `busybox.static`, `busybox-extras`). */
export function isBusyboxName(name: string): boolean {
  return /^busybox(?:[.-].*)?$/.test(name.slice(name.lastIndexOf('/') + 1));
}

/** Directories a program is run from by name (PATH), busybox's own directory in debug images, and
 * the `bin` directories of software installed under /opt or /usr/local (`/usr/local/aws-cli/v2/current/bin`). */
const BIN_DIR = /^\/(?:(?:usr\/(?:local\/)?)?s?bin|busybox|(?:opt|usr\/local)\/(?:[^/]+\/)*bin)$/;

/** Whether the files of an absolute directory are commands (for `rm`, `COPY --from` and image layers). */
export function isBinDir(dir: string): boolean {
  return BIN_DIR.test(dir.length > 1 ? dir.replace(/\/+$/, '') : dir);
}

/** Every tool the vocabulary knows, under the name a user knows it by. */
export function knownTools(): ToolName[] {
  return [...CATEGORY].map(([tool, category]) => ({ tool, category }));
}
