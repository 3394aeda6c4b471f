// Rule suppression written in manifests: the `secret-surface.io/ignore` annotation and the
// `# secret-surface-ignore` comment. `*` stands for every rule, so consumers ask `isSuppressed`.
import { isCommentStart } from './yaml-text.js';

export const IGNORE_ANNOTATION = 'secret-surface.io/ignore';
export const IGNORE_COMMENT = 'secret-surface-ignore';
/** In a suppression list: every rule. */
export const ALL_RULES = '*';

/** True when `rule` is in `suppressed` (or everything is). */
export function isSuppressed(suppressed: readonly string[] | undefined, rule: string): boolean {
  return !!suppressed && (suppressed.includes(rule) || suppressed.includes(ALL_RULES));
}

const RULE_ID = /^[a-z0-9][a-z0-9-]*$/i;

/**
 * Rule ids in an annotation value or the rest of an ignore comment: separated by spaces or commas,
 * stopping at the first word that is not an id (so `-- reason` or prose after the ids is allowed).
 * No ids, `*` or `all` mean every rule.
 */
export function parseRuleList(text: string): string[] {
  const ids: string[] = [];
  for (const word of text.replace(/^\s*:/, '').split(/[\s,]+/)) {
    if (word === '') continue;
    if (word === ALL_RULES || word.toLowerCase() === 'all') return [ALL_RULES];
    if (word === '--' || !RULE_ID.test(word)) break;
    ids.push(word.toLowerCase());
  }
  return ids.length === 0 ? [ALL_RULES] : ids;
}

export interface IgnoreComment {
  /** Offset of the `#`. */
  offset: number;
  /** 0-based line of the comment. */
  line: number;
  /** True when the comment is alone on its line (not trailing a value). */
  ownLine: boolean;
  rules: string[];
}

const COMMENT_RE = /(^|[ \t])#[ \t]*secret-surface-ignore(?![\w-])([^\r\n]*)/gm;

/** Every ignore comment in `text[start, end)`; `lineOf` maps an offset to its line. */
export function findIgnoreComments(
  text: string,
  start: number,
  end: number,
  lineOf: (offset: number) => number,
): IgnoreComment[] {
  const out: IgnoreComment[] = [];
  COMMENT_RE.lastIndex = start;
  for (let m = COMMENT_RE.exec(text); m && m.index < end; m = COMMENT_RE.exec(text)) {
    const hash = m.index + m[1]!.length;
    if (hash >= end) break;
    if (!isCommentStart(text, hash)) continue;
    let ownLine = true;
    for (let i = hash - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (c !== 32 && c !== 9) {
        ownLine = false;
        break;
      }
    }
    out.push({ offset: hash, line: lineOf(hash), ownLine, rules: parseRuleList(m[2]!) });
  }
  return out;
}

/** Union of rule lists, `*` absorbing everything else. */
export function mergeRules(...lists: (readonly string[] | undefined)[]): string[] {
  const set = new Set<string>();
  for (const l of lists) for (const r of l ?? []) set.add(r);
  return set.has(ALL_RULES) ? [ALL_RULES] : [...set];
}
