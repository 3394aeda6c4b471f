// A check of a Falco rules file as far as it goes without the Falco engine: the file's shape against the keys
// Falco's documentation gives for rules, macros and lists (falco.org/docs/reference/rules/rule-fields,
// .../basic-elements), and every condition parsed with Falco's condition grammar (and/or/not, parentheses,
// comparison operators, `in (…)` lists) so that each field is one Falco documents
// (falco.org/docs/reference/rules/supported-fields), each macro and list is defined before it is used, and each
// `%field` in an output is a known field. What this cannot check: that the libs of a given Falco version load the
// rule, event-type selection, and plugin fields. docs/runtime-baseline.md says so.
import { Ajv } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { FALCO_RULE_SCHEMA } from './falco-rule-schema.js';

/** The fields the generated rules may use, each checked against Falco's supported-fields reference. */
export const FALCO_FIELDS = new Set([
  'evt.type', 'evt.dir', 'evt.is_open_read', 'fd.name', 'fd.num', 'fd.typechar', 'fd.directory', 'fd.filename',
  'proc.name', 'proc.exepath', 'proc.exe', 'proc.cmdline', 'proc.pname', 'proc.aname', 'user.name', 'user.uid',
  'container.id', 'container.name', 'container.image.repository', 'container.image.tag',
  'k8s.ns.name', 'k8s.pod.name', 'k8s.pod.label',
]);
const ARG_FIELDS = new Set(['k8s.pod.label', 'proc.aname']);

const COMPARE = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);
const LIST_OPS = new Set(['in', 'intersects', 'pmatch']);
const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'info', 'debug'];

const SCHEMA = {
  type: 'array',
  items: {
    oneOf: [
      {
        type: 'object',
        required: ['rule', 'desc', 'condition', 'output', 'priority'],
        additionalProperties: false,
        properties: {
          rule: { type: 'string', minLength: 1 },
          desc: { type: 'string', minLength: 1 },
          condition: { type: 'string', minLength: 1 },
          output: { type: 'string', minLength: 1 },
          // Case-insensitive in Falco: lower, upper and capitalised spellings.
          priority: { enum: PRIORITIES.flatMap((x) => [x, x.toUpperCase(), x[0]!.toUpperCase() + x.slice(1)]) },
          exceptions: { type: 'array' },
          enabled: { type: 'boolean' },
          tags: { type: 'array', items: { type: 'string' } },
          warn_evttypes: { type: 'boolean' },
          'skip-if-unknown-filter': { type: 'boolean' },
          source: { type: 'string' },
        },
      },
      { type: 'object', required: ['macro', 'condition'], additionalProperties: false, properties: { macro: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' }, condition: { type: 'string' } } },
      { type: 'object', required: ['list', 'items'], additionalProperties: false, properties: { list: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' }, items: { type: 'array', items: { type: ['string', 'number'] } } } },
      { type: 'object', required: ['required_engine_version'], additionalProperties: false, properties: { required_engine_version: { type: ['string', 'number'] } } },
    ],
  },
};

type Tok = { kind: 'word' | 'str' | 'op' | '(' | ')' | ','; text: string };

function tokens(cond: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < cond.length) {
    const c = cond[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '(' || c === ')' || c === ',') out.push({ kind: c, text: c }), i++;
    else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < cond.length && cond[j] !== c) {
        if (cond[j] === '\\') j++;
        s += cond[j] ?? '';
        j++;
      }
      if (j >= cond.length) throw new Error(`unterminated string at ${i}`);
      out.push({ kind: 'str', text: s });
      i = j + 1;
    } else if (/[=!<>]/.test(c)) {
      const two = cond.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : c;
      if (op === '!') throw new Error(`stray ! at ${i}`);
      out.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      let j = i;
      let depth = 0;
      while (j < cond.length && (depth > 0 || !/[\s(),=!<>"']/.test(cond[j]!))) {
        if (cond[j] === '[') depth++;
        if (cond[j] === ']') depth--;
        j++;
      }
      out.push({ kind: 'word', text: cond.slice(i, j) });
      i = j;
    }
  }
  return out;
}

interface Scope {
  macros: Set<string>;
  lists: Set<string>;
}

function checkField(word: string, errors: string[], where: string): void {
  const m = /^([a-z0-9_.]+?)(?:\[([^\]]+)\])?$/.exec(word);
  const name = m?.[1];
  if (!m || !name || !FALCO_FIELDS.has(name)) errors.push(`${where}: unknown field ${word}`);
  else if (m[2] !== undefined && !ARG_FIELDS.has(name)) errors.push(`${where}: ${name} takes no argument`);
  else if (m[2] === undefined && name === 'k8s.pod.label') errors.push(`${where}: k8s.pod.label needs a label in brackets`);
}

/** Parses one condition; pushes errors (unknown field, undefined macro/list, syntax) with `where`. */
export function checkCondition(cond: string, scope: Scope, where: string, errors: string[]): void {
  let toks: Tok[];
  try {
    toks = tokens(cond);
  } catch (e) {
    errors.push(`${where}: ${(e as Error).message}`);
    return;
  }
  let p = 0;
  const peek = () => toks[p];
  const fail = (msg: string) => {
    throw new Error(`${msg} at token ${p} (${toks[p]?.text ?? 'end'})`);
  };
  const value = () => {
    const t = toks[p++];
    // `evt.dir = <` is Falco's own idiom: a bare < or > is a value.
    if (!t || (t.kind !== 'word' && t.kind !== 'str' && !(t.kind === 'op' && (t.text === '<' || t.text === '>')))) fail('expected a value');
  };
  const primary = (): void => {
    const t = peek();
    if (!t) fail('unexpected end');
    if (t!.kind === '(') {
      p++;
      or();
      if (peek()?.kind !== ')') fail('missing )');
      p++;
      return;
    }
    if (t!.kind !== 'word') fail('expected a field or macro');
    p++;
    const next = peek();
    const isOp = next && (next.kind === 'op' || (next.kind === 'word' && (COMPARE.has(next.text) || LIST_OPS.has(next.text) || next.text === 'exists')));
    if (!isOp) {
      if (!scope.macros.has(t!.text)) errors.push(`${where}: ${t!.text} is not a field comparison nor a macro defined before`);
      return;
    }
    checkField(t!.text, errors, where);
    const op = toks[p++]!.text;
    if (op === 'exists') return;
    if (LIST_OPS.has(op)) {
      if (peek()?.kind !== '(') fail(`${op} needs a parenthesised list`);
      p++;
      while (peek() && peek()!.kind !== ')') {
        const item = toks[p++]!;
        if (item.kind === ',') continue;
        // A bare word in a list is a value or the name of a list; ours are all named secret_surface_*.
        if (item.kind === 'word' && item.text.startsWith('secret_surface') && !scope.lists.has(item.text)) {
          errors.push(`${where}: list ${item.text} is not defined before`);
        }
      }
      if (peek()?.kind !== ')') fail('missing ) after list');
      p++;
      return;
    }
    if (!COMPARE.has(op)) fail(`unknown operator ${op}`);
    value();
  };
  const not = (): void => {
    if (peek()?.kind === 'word' && peek()!.text === 'not') {
      p++;
      not();
    } else primary();
  };
  const and = (): void => {
    not();
    while (peek()?.kind === 'word' && peek()!.text === 'and') {
      p++;
      not();
    }
  };
  const or = (): void => {
    and();
    while (peek()?.kind === 'word' && peek()!.text === 'or') {
      p++;
      and();
    }
  };
  try {
    or();
    if (p < toks.length) fail('unexpected token');
  } catch (e) {
    errors.push(`${where}: ${(e as Error).message}`);
  }
}

let falcoSchema: ReturnType<Ajv['compile']> | undefined;

/**
 * What the Falco engine's own rules-file schema (test/support/falco-rule-schema.ts) says of one parsed YAML
 * document of a rules file: the "schema warnings" `falco -V` would print; empty when it passes.
 */
export function checkFalcoRuleSchema(doc: unknown): string[] {
  if (!falcoSchema) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema(draft06);
    falcoSchema = ajv.compile(FALCO_RULE_SCHEMA);
  }
  if (falcoSchema(doc)) return [];
  return (falcoSchema.errors ?? []).map((e) => `falco schema: ${e.instancePath || '/'} ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params['allowedValues'] as string[]).join(', ')})` : ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`);
}

/** Every problem in a parsed Falco rules file; empty when it passes. */
export function checkFalcoRules(value: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(SCHEMA);
  const errors: string[] = [...checkFalcoRuleSchema(value)];
  if (!validate(value)) errors.push(...(validate.errors ?? []).map((e) => `schema: ${e.instancePath} ${e.message}`));
  if (!Array.isArray(value)) return errors;
  const scope: Scope = { macros: new Set(), lists: new Set() };
  const names = new Set<string>();
  value.forEach((item: Record<string, unknown>, i) => {
    if (typeof item['list'] === 'string') scope.lists.add(item['list']);
    if (typeof item['macro'] === 'string') {
      checkCondition(String(item['condition']), scope, `[${i}] macro ${item['macro']}`, errors);
      scope.macros.add(item['macro']);
    }
    if (typeof item['rule'] === 'string') {
      if (names.has(item['rule'])) errors.push(`[${i}] rule name repeated: ${item['rule']}`);
      names.add(item['rule']);
      checkCondition(String(item['condition']), scope, `[${i}] rule ${item['rule']}`, errors);
      for (const m of String(item['output']).matchAll(/%([a-z0-9_.]+(?:\[[^\]]+\])?)/g)) checkField(m[1]!, errors, `[${i}] output`);
    }
  });
  return errors;
}
