// The tool vocabulary: which binary names count as a shell, a script interpreter, a network client or a
// package manager, and which BusyBox applets stand in for network clients.
//
// Decision on Java (and .NET): `java`/`dotnet` are runtimes, not tools an intruder uses like a shell — they
// cannot run a one-liner the way `python -c` or `node -e` can (jshell exists only in JDKs), so they are not
// in the vocabulary at all; an image records them as its `runtime` instead.
import type { ToolCategory } from '../model.js';

const SHELLS = [
  'sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'oksh', 'loksh', 'tcsh', 'csh', 'fish', 'yash', 'posh',
  'hush', 'busybox', 'toybox', 'pwsh',
];
const INTERPRETERS = [
  'python', 'python2', 'python3', 'perl', 'node', 'nodejs', 'deno', 'bun', 'ruby', 'irb', 'php', 'lua', 'luajit',
  'tclsh', 'gawk', 'mawk', 'awk',
];
const NETWORK = [
  'curl', 'wget', 'wget2', 'http', 'https', 'lftp', 'ftp', 'tftp', 'ftpget', 'ftpput', 'rsync', 'nc', 'netcat',
  'ncat', 'nmap', 'socat', 'ssh', 'scp', 'sftp', 'ssh-keyscan', 'dbclient', 'telnet', 'dig', 'nslookup', 'host',
  'kdig', 'drill', 'delv', 'nsupdate', 'whois', 'psql', 'mysql', 'mariadb', 'mysqlsh', 'redis-cli', 'valkey-cli',
  'mongo', 'mongosh', 'mongodump', 'openssl', 'gnutls-cli', 'ssl_client', 'aws', 'kubectl', 'git', 's3cmd', 'pgcli',
  'mycli', 'iredis', 'wscat', 'pwncat', 'localtunnel', 'lt', 'ngrok', 'gsutil', 'gcloud', 'az',
];
const PACKAGE_MANAGERS = [
  'apt', 'apt-get', 'dpkg', 'apk', 'dnf', 'yum', 'microdnf', 'tdnf', 'rpm', 'zypper', 'pip', 'pip3', 'pipx', 'uv',
  'npm', 'npx', 'yarn', 'pnpm', 'corepack', 'gem', 'bundle',
];

const CATEGORY = new Map<string, ToolCategory>();
for (const t of SHELLS) CATEGORY.set(t, 'shell');
for (const t of INTERPRETERS) CATEGORY.set(t, 'interpreter');
for (const t of NETWORK) CATEGORY.set(t, 'network');
for (const t of PACKAGE_MANAGERS) CATEGORY.set(t, 'package-manager');

/** The category of a tool name (`/usr/bin/python3.12` → interpreter), or undefined for anything else. */
export function toolCategory(name: string): ToolCategory | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const direct = CATEGORY.get(base);
  if (direct) return direct;
  // Versioned binaries: python3.12, perl5.36, php8.2, lua5.4, ruby3.3, pip3.12, nc.openbsd.
  const stem = base.replace(/(?:[0-9][0-9.]*|\.openbsd|\.traditional)$/, '');
  if (stem !== base) return CATEGORY.get(stem);
  return undefined;
}

/**
 * BusyBox applets that are network clients (defconfig and distroless `:debug` command list). `busybox wget …`
 * works even when no applet link exists, so a busybox binary brings these along.
 */
export const BUSYBOX_NETWORK_APPLETS = ['wget', 'nc', 'nslookup', 'telnet', 'ftpget', 'ftpput', 'tftp', 'whois', 'ssl_client'];

/** BusyBox applets that are shells. */
export const BUSYBOX_SHELL_APPLETS = ['sh', 'ash', 'hush'];

/** Directories whose files are commands (for `rm` and `COPY --from` of tool paths). */
export const BIN_DIRS = ['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin', '/usr/local/sbin', '/busybox'];
