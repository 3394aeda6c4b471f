// Whether an exec probe / lifecycle hook command only works when the image has a shell: the kubelet
// runs `command` directly (no shell), so `sh -c …` or a one-string command with shell syntax in it
// break in a shell-free image. What a shell is, the tool vocabulary decides.
import { isShell } from '../catalog/tools.js';

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

// Pipes, lists, redirects, substitutions, globs, quoting — or words separated by spaces, which
// `exec` would take as one file name.
const SHELL_SYNTAX = /[\s|&;<>()$`*?'"\\]/;

/** The index of the script after `-c` (or a flag cluster holding it, `-ec`), when there is one. */
export function shellScriptIndex(command: readonly string[]): number {
  let i = 0;
  const first = basename((command[0] ?? '').trim());
  if ((first === 'busybox' || first === 'env') && command.length > 1) i = 1;
  if (!isShell((command[i] ?? '').trim())) return -1;
  for (let j = i + 1; j < command.length - 1; j++) if (/^-[a-z]*c[a-z]*$/.test(command[j]!)) return j + 1;
  return -1;
}

export function needsShell(command: readonly string[]): boolean {
  if (command.length === 0) return false;
  let i = 0;
  let program = basename(command[0]!.trim());
  // `busybox sh -c …` and `env sh -c …` run a shell too.
  if ((program === 'busybox' || program === 'env') && command.length > 1) {
    i = 1;
    program = basename(command[1]!.trim());
  }
  // `sh -c …`, and also `sh script.sh` or a bare `bash`: all of them need the shell binary.
  if (isShell(program)) return true;
  return command.length === 1 && SHELL_SYNTAX.test(command[0]!.trim());
}
