// Findings as an editor shows them: one problem per root cause per place. The shell, network-client
// and interpreter rules report the same cause — the image ships tools — at the same place (a
// container's `image:` value, or one FROM/RUN/COPY line), so their findings there become one problem
// that names every kind of tool, most severe first, with the severity of its most severe member.
// Each rule stays separately configurable: a rule that is off or suppressed is simply not a member,
// and every member keeps its own severity (listed in the related information). The CLI's JSON and
// SARIF keep one result per rule, for consumers that filter by rule id.
import type { Finding, RelatedInfo, Severity } from './model.js';
import { severityRank } from './model.js';
import { joinAnd, lowerFirst } from './rules/phrases.js';
import { sameItems } from './same-items.js';

/** The rules whose findings at one place merge (their ids, in the order their tools are named). */
export const MERGED_TOOL_RULES: readonly string[] = ['secret-in-shell-image', 'secret-in-network-client-image', 'secret-in-interpreter-image'];

export interface Problem {
  /** The most severe member's rule: the problem's code and docs link. */
  rule: string;
  severity: Severity;
  message: string;
  location: Finding['location'];
  related: RelatedInfo[];
  /** The findings it stands for, most severe first (one for every rule that does not merge). */
  members: Finding[];
}

function subjectOf(f: Finding): string | undefined {
  const s = f.data?.['subject'];
  return typeof s === 'string' && f.message.startsWith(s) ? s : undefined;
}

/** Same place, same container (or the same Dockerfile line), and the same sentence after the subject. */
function mergeKey(f: Finding): string | undefined {
  const subject = subjectOf(f);
  if (!subject || !MERGED_TOOL_RULES.includes(f.rule)) return undefined;
  const r = f.location.range;
  const w = f.workload ? `${f.workload.kind}/${f.workload.namespace}/${f.workload.name}/${f.container ?? ''}` : '';
  return `${f.location.file}\u0001${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}\u0001${w}\u0001${f.message.slice(subject.length)}`;
}

function byWeight(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || MERGED_TOOL_RULES.indexOf(a.rule) - MERGED_TOOL_RULES.indexOf(b.rule);
}

function single(f: Finding): Problem {
  return { rule: f.rule, severity: f.severity, message: f.message, location: f.location, related: f.related, members: [f] };
}

function merged(members: Finding[]): Problem {
  members.sort(byWeight);
  const lead = members[0]!;
  const subjects = members.map((f, i) => (i === 0 ? subjectOf(f)! : lowerFirst(subjectOf(f)!)));
  const rest = lead.message.slice(subjectOf(lead)!.length);
  const related: RelatedInfo[] = [];
  const seen = new Set<string>();
  for (const f of members) {
    for (const r of f.related) {
      const key = `${r.location.file}:${r.location.range.start.line}:${r.location.range.start.character}\u0001${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      related.push(r);
    }
  }
  // Which rule says what, at its own severity: the one place a merged member's id and severity show.
  for (const f of members) related.push({ location: f.location, message: `${f.rule} (${f.severity}): ${subjectOf(f)!}` });
  return { rule: lead.rule, severity: lead.severity, message: `${joinAnd(subjects)}${rest}`, location: lead.location, related, members };
}

/**
 * What problemsOf keeps between calls over mostly the same findings — an open document after a
 * keystroke, where the other workloads' findings are the very same objects as before: each finding's
 * merge key, and the problem each group of the same findings made (so the caller may keep what it
 * made of the problem too). Keyed by the findings, so findings no longer in use take their entries along.
 */
export class ProblemMemo {
  readonly keys = new WeakMap<Finding, string | null>();
  readonly groups = new WeakMap<Finding, { members: readonly Finding[]; problem: Problem }>();
}

function problemOf(group: Finding[], memo: ProblemMemo | undefined): Problem {
  const lead = group[0]!;
  const hit = memo?.groups.get(lead);
  if (hit && sameItems(hit.members, group)) return hit.problem;
  // merged() orders its members; the group keeps the findings' order for the comparison above.
  const problem = group.length === 1 ? single(lead) : merged([...group]);
  memo?.groups.set(lead, { members: group, problem });
  return problem;
}

/**
 * The problems of some findings, by file and position, the most severe first at one position (the
 * language server publishes them most severe last on a line: lsp/document-diagnostics.ts forSigns).
 * With a memo, a group of the very same findings as in an earlier call gives the same Problem object.
 */
export function problemsOf(findings: readonly Finding[], memo?: ProblemMemo): Problem[] {
  const groups = new Map<string, Finding[]>();
  const out: Finding[][] = [];
  for (const f of findings) {
    let key: string | null | undefined = memo?.keys.get(f);
    if (key === undefined) {
      key = mergeKey(f) ?? null;
      memo?.keys.set(f, key);
    }
    if (key === null) {
      out.push([f]);
      continue;
    }
    const g = groups.get(key);
    if (g) g.push(f);
    else {
      const list = [f];
      groups.set(key, list);
      out.push(list);
    }
  }
  const problems = out.map((group) => problemOf(group, memo));
  return problems.sort(
    (a, b) =>
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      a.location.range.start.line - b.location.range.start.line ||
      a.location.range.start.character - b.location.range.start.character ||
      severityRank(a.severity) - severityRank(b.severity),
  );
}
