// Which file paths in an image are tools an attacker would use: shells, busybox, interpreters,
// network clients and package managers, decided by directory and file name alone (pure).
import type { ToolCategory } from '../../core/model.js';

export interface ToolName {
  /** The name a user knows the tool by (`python3`, not `python3.11`). */
  tool: string;
  category: ToolCategory;
}

/** Directories a program is run from by name (PATH) plus busybox's own directory in debug images. */
const BIN_DIR = /^\/(?:(?:usr\/(?:local\/)?)?s?bin|busybox|(?:opt|usr\/local)\/(?:[^/]+\/)*bin)$/;

const EXACT: Record<string, ToolName> = {};
function add(category: ToolCategory, names: string[], tool?: string): void {
  for (const n of names) EXACT[n] = { tool: tool ?? n, category };
}
add('shell', ['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'ksh93', 'csh', 'tcsh', 'fish', 'rbash', 'hush', 'busybox']);
add('interpreter', ['python', 'python2', 'python3', 'perl', 'ruby', 'php', 'lua', 'luajit', 'tclsh', 'deno', 'bun', 'pwsh']);
add('interpreter', ['node', 'nodejs'], 'node');
add('network', ['curl', 'wget', 'nc', 'ncat', 'netcat', 'openssl', 'ssh', 'scp', 'sftp', 'socat', 'telnet', 'ftp', 'tftp',
  'psql', 'mysql', 'mariadb', 'redis-cli', 'mongosh', 'mongo', 'aws', 'gsutil', 'az', 'kubectl', 'ssl_client', 'rsync']);
add('network', ['nc.openbsd', 'nc.traditional'], 'nc');
add('package-manager', ['apt', 'apt-get', 'dpkg', 'apk', 'dnf', 'microdnf', 'yum', 'rpm', 'zypper', 'pip', 'pip2', 'pip3',
  'npm', 'npx', 'yarn', 'pnpm', 'gem', 'bundle', 'composer', 'conda']);

/** Versioned spellings Debian, Alpine and the language images install (`python3.12`, `perl5.36.0`, `pip3.12`). */
const VERSIONED: [RegExp, ToolName][] = [
  [/^python3(?:\.\d+)+m?$/, { tool: 'python3', category: 'interpreter' }],
  [/^python2(?:\.\d+)+$/, { tool: 'python2', category: 'interpreter' }],
  [/^perl5(?:\.\d+)+$/, { tool: 'perl', category: 'interpreter' }],
  [/^ruby\d+(?:\.\d+)*$/, { tool: 'ruby', category: 'interpreter' }],
  [/^php\d+(?:\.\d+)*$/, { tool: 'php', category: 'interpreter' }],
  [/^lua\d+(?:\.\d+)*$/, { tool: 'lua', category: 'interpreter' }],
  [/^pip3(?:\.\d+)+$/, { tool: 'pip3', category: 'package-manager' }],
];

export function isBinDir(dir: string): boolean {
  return BIN_DIR.test(dir);
}

/** The tool a program name stands for, or undefined for anything else (`ls`, `cat` …). */
export function toolForName(name: string): ToolName | undefined {
  const exact = Object.prototype.hasOwnProperty.call(EXACT, name) ? EXACT[name] : undefined;
  if (exact) return exact;
  for (const [re, t] of VERSIONED) if (re.test(name)) return t;
  return undefined;
}

/** The tool at an absolute path, when the path is a program in a bin directory. */
export function toolForPath(path: string): ToolName | undefined {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return undefined;
  const dir = slash === 0 ? '/' : path.slice(0, slash);
  if (!isBinDir(dir)) return undefined;
  return toolForName(path.slice(slash + 1));
}

/** True for the busybox multi-call binary itself (`busybox`, `busybox.static`, `busybox-extras`). */
export function isBusyboxName(name: string): boolean {
  return /^busybox(?:[.-].*)?$/.test(name);
}
