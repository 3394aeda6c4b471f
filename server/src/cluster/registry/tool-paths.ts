// Which file paths in an image are tools an attacker would use. The names and categories come from the
// core's tool vocabulary (the same dictionary a Dockerfile scan uses); this module adds only the path
// logic: a program counts when it sits in a bin directory.
import { isBinDir, isBusyboxName, toolName, type ToolName } from '../../core/catalog/tools.js';

export { isBinDir, isBusyboxName, type ToolName };

/** The tool a program name stands for, or undefined for anything else (`ls`, `cat` …). */
export function toolForName(name: string): ToolName | undefined {
  return name.includes('/') ? undefined : toolName(name);
}

/** The tool at an absolute path, when the path is a program in a bin directory. */
export function toolForPath(path: string): ToolName | undefined {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return undefined;
  const dir = slash === 0 ? '/' : path.slice(0, slash);
  if (!isBinDir(dir)) return undefined;
  return toolForName(path.slice(slash + 1));
}
