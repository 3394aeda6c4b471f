// An open document that stops parsing mid-edit (a half-typed key) keeps its last good analysis: the
// workspace goes on holding the last text of the buffer that parsed, so neither this file's findings
// nor those of any other file (the Dockerfile its workloads use, the exposure rows) change until the
// buffer parses again. What the editor is told instead is the buffer's own parse errors, and that the
// file's findings are from its last good version (document-diagnostics.ts marks them). Files read from
// disk are always taken as they are: only typing is bridged.
import type { InputNotice } from '../core/model.js';

/** What the bridge needs from the workspace; one without `parseErrors` always takes the text as it is. */
export interface ParsingWorkspace {
  setFile(path: string, text: string): void;
  text?(path: string): string | undefined;
  parseErrors?(path: string): readonly InputNotice[];
}

export const STALE_NOTE = 'findings in this file are from its last version that parsed';

/** The suffix of a finding's message while its file shows the last good analysis. */
export const STALE_SUFFIX = ` (stale: ${STALE_NOTE})`;

/**
 * Gives `text` to the workspace. When it does not parse and the workspace held a version that did,
 * that version is put back and the errors of `text` are returned (the file is then stale);
 * otherwise `text` stays and the result is undefined.
 */
export function setKeepingLastGood(ws: ParsingWorkspace, path: string, text: string): InputNotice[] | undefined {
  const before = ws.text?.(path);
  const errorsOf = ws.parseErrors?.bind(ws);
  const beforeGood = before !== undefined && before !== text && errorsOf !== undefined && errorsOf(path).length === 0;
  ws.setFile(path, text);
  if (!beforeGood) return undefined;
  const errors = errorsOf(path);
  if (errors.length === 0) return undefined;
  ws.setFile(path, before);
  return errors.map((n) => ({ ...n, message: `${n.message} — ${STALE_NOTE}` }));
}
