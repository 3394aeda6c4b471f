// Suppression comments in Dockerfiles: `# secret-surface-ignore <rule> …` silences those rules on the
// next instruction; `# secret-surface-ignore-file <rule> …` for the whole file. No ids means every rule.
export interface Suppressions {
  suppresses(rule: string, line: number): boolean;
}

const DIRECTIVE = /^\s*#\s*secret-surface-ignore(-file)?\b(.*)$/;

export function dockerfileSuppressions(text: string): Suppressions {
  const fileWide: string[][] = [];
  const byLine = new Map<number, string[]>();
  const lines = text.split(/\r\n|\r|\n/);
  let pending: string[] | undefined;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = DIRECTIVE.exec(line);
    if (m) {
      const ids = m[2]!.split(/[\s,]+/).filter(Boolean);
      if (m[1]) fileWide.push(ids.length ? ids : ['*']);
      else pending = [...(pending ?? []), ...(ids.length ? ids : ['*'])];
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // An instruction may span continuation lines; a directive covers all of them.
    if (pending) byLine.set(i, pending);
    else if (continued && byLine.has(i - 1)) byLine.set(i, byLine.get(i - 1)!);
    continued = /\\\s*$/.test(line);
    if (!continued) pending = undefined;
  }
  const has = (ids: readonly string[], rule: string) => ids.includes(rule) || ids.includes('*');
  return {
    suppresses(rule, line) {
      return fileWide.some((ids) => has(ids, rule)) || has(byLine.get(line) ?? [], rule);
    },
  };
}
