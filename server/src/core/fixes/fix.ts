// What a fix is in the catalog: an id, what it resolves (typed rule ids from the rule catalog, so a
// renamed rule is a compile error here), its documentation, and `offer`, which computes the concrete
// Fix values for one finding. docs/fixes.md is generated from these (`npm run docs`).
import type { RuleId } from '../rules/index.js';
import type { FixContext } from './context.js';
import type { Fix } from './types.js';

export interface FixDocs {
  /** Which of its rules' findings it handles, when not all (`CMD, ENTRYPOINT, HEALTHCHECK`). */
  scope?: string;
  /** `yes`, or `no` and why (`no (the app loses its API token)`). */
  safe: string;
  /** Before → after, in markdown. */
  example: string;
}

export interface FixDef<Id extends string = string> {
  id: Id;
  /** What it does, in a few words (the docs table's first column). */
  title: string;
  /** The rules whose findings it is offered on. */
  resolves: readonly RuleId[];
  docs: FixDocs;
  /** The fixes for `ctx.finding` (only called for findings of `resolves`); unavailable ones say why. */
  offer(ctx: FixContext): Fix[];
}

/** A fix with its id kept as a literal type, so the catalog can derive `FixId` from it. */
export function defineFix<const Id extends string>(fix: FixDef<Id>): FixDef<Id> {
  return fix;
}

/** Whether `rule` (a finding's rule id) is one of `ids`. */
export function isOneOf(ids: readonly RuleId[], rule: string): rule is RuleId {
  return (ids as readonly string[]).includes(rule);
}
