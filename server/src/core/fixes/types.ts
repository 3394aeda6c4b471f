// What a fix is: plain data — a title that says exactly what it does, the rules it resolves (by id),
// whether it is safe, and the file changes it makes (edits to existing files, or new files that must
// not overwrite anything). Adapters turn this into LSP code actions; tests apply it with applyEdits.
import type { Range } from '../model.js';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to a file the workspace holds, or a new file (which must not exist yet). */
export type FileChange =
  | { kind: 'edit'; file: string; edits: TextEdit[] }
  | { kind: 'create'; file: string; text: string };

export interface Fix {
  /** Which fix this is (`exec-form`, `harden-final-stage` …): one module per id. */
  id: string;
  /** What applying it does, exactly. */
  title: string;
  /** Rule ids whose findings this fix resolves. */
  rules: string[];
  /** True when applying it cannot change how the workload behaves beyond removing the problem. */
  safe: boolean;
  /** Only ever true for safe fixes: the editor may apply it with one keystroke. */
  isPreferred: boolean;
  /**
   * A suppression (an ignore annotation or comment): it changes no behaviour and resolves nothing, so it
   * is never preferred and never part of "Fix all safe problems".
   */
  silences?: boolean;
  edits: FileChange[];
  /**
   * Set when the fix cannot be offered, with why (a command that needs a shell, a tool a later RUN
   * uses …): editors show it as a disabled action, so people learn what stands in the way.
   */
  unavailable?: string;
}

export interface FixOptions {
  /** The Secrets Store CSI provider a SecretProviderClass is written for (editor setting); the project config wins. */
  csiProvider?: string;
}
