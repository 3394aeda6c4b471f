// Suppression comments in Dockerfiles, in the syntax manifests use (parseRuleList):
// `# secret-surface-ignore <rule> …` above an instruction silences those rules on the whole
// instruction, every continuation line included; `# secret-surface-ignore-file <rule> …` anywhere
// silences them in the whole file. No ids, `*` or `all` mean every rule. Works from the instruction
// ranges the parser keeps, so continuations follow the file's own escape character.
import type { DockerfileFacts } from '../model.js';
import { IGNORE_COMMENT, isSuppressed, mergeRules, parseRuleList } from '../kubernetes/suppression.js';

/** A comment as the Dockerfile parser found it: its text after `#` (trimmed) and its 0-based line. */
export interface DockerComment {
  content: string;
  line: number;
}

const DIRECTIVE = new RegExp(`^${IGNORE_COMMENT}(-file)?(?![\\w-])(.*)$`);

/**
 * Records the ignore comments on the facts: a file-wide one on the facts, any other on the instruction
 * it stands above (or inside, between continuation lines). `comments` are in file order.
 */
export function applyIgnoreComments(facts: DockerfileFacts, comments: readonly DockerComment[]): void {
  let next = 0;
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.content);
    if (!m) continue;
    const rules = parseRuleList(m[2]!);
    if (m[1]) {
      facts.suppressed = mergeRules(facts.suppressed, rules);
      continue;
    }
    while (next < facts.instructions.length && facts.instructions[next]!.location.range.end.line < c.line) next++;
    const inst = facts.instructions[next];
    if (inst) inst.suppressed = mergeRules(inst.suppressed, rules);
  }
}

export interface Suppressions {
  suppresses(rule: string, line: number): boolean;
}

/** Whether a finding of `rule` starting on `line` is silenced in this Dockerfile. */
export function dockerfileSuppressions(facts: DockerfileFacts): Suppressions {
  return {
    suppresses(rule, line) {
      if (isSuppressed(facts.suppressed, rule)) return true;
      const inst = facts.instructions.find((i) => i.location.range.start.line <= line && line <= i.location.range.end.line);
      return isSuppressed(inst?.suppressed, rule);
    },
  };
}
