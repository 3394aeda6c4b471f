// Dockerfile text as fixes need it: the instructions the parser recorded (ranges, stage, escape
// character) as offsets into the text, the shell-form text of a command turned into argv when (and
// only when) no shell feature is in play, and JSON exec form.
import type { DockerfileFacts, InstructionFact, Location } from '../model.js';
import { LineIndex, positionInRange } from '../text/positions.js';

export interface DockerInstruction {
  keyword: string;
  /** Offsets of the whole instruction (keyword to last argument). */
  start: number;
  end: number;
  /** Offset just past the keyword. */
  argsStart: number;
  /** Index of the stage it belongs to (-1 before the first FROM). */
  stage: number;
  /** The parser's own record of it. */
  fact: InstructionFact;
}

export interface DockerText {
  text: string;
  index: LineIndex;
  escape: string;
  instructions: DockerInstruction[];
}

/**
 * The Dockerfile's text with the instructions its facts recorded, as offsets into that text. `text`
 * must be the text the facts were parsed from (a leading BOM counts as one character in both).
 */
export function dockerText(text: string, facts: DockerfileFacts): DockerText {
  const index = new LineIndex(text);
  const instructions = facts.instructions.map((fact) => ({
    keyword: fact.keyword,
    start: index.offsetAt(fact.location.range.start),
    end: index.offsetAt(fact.location.range.end),
    argsStart: index.offsetAt(fact.argsStart),
    stage: fact.stage,
    fact,
  }));
  return { text, index, escape: facts.escape, instructions };
}

/** The instruction a fact's location starts in (a command's location is its whole instruction). */
export function instructionAt(dt: DockerText, where: Location): DockerInstruction | undefined {
  return dt.instructions.find((i) => positionInRange(i.fact.location.range, where.range.start));
}

/** Removes Dockerfile line continuations (and comment lines inside them), as the builder does. */
export function joinContinuations(text: string, from: number, to: number, escape: string): string {
  let out = '';
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === escape) {
      let j = i + 1;
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      // A continuation with nothing after it (the file's last line ends in the escape) ends the instruction.
      if (/^[ \t\r\n]*$/.test(text.slice(j, to)) && /^[ \t\r\n]*$/.test(text.slice(to))) break;
      if (j < to && (text[j] === '\n' || text[j] === '\r')) {
        j += text[j] === '\r' && text[j + 1] === '\n' ? 2 : 1;
        // Comment lines and empty lines inside a continuation are dropped.
        for (;;) {
          let k = j;
          while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < to && text[k] === '#') {
            while (k < to && text[k] !== '\n' && text[k] !== '\r') k++;
            if (text[k] === '\r' && text[k + 1] === '\n') k++;
            j = k + 1;
            continue;
          }
          break;
        }
        i = j;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * The offset of an escape character that ends the file's last line as a line continuation (`CMD … \`
 * with nothing after it), or -1. Text appended after it would join that instruction, so a fix that
 * appends removes it first; the builder ignores it anyway.
 */
export function danglingContinuation(dt: DockerText): number {
  let i = dt.text.length - 1;
  while (i >= 0 && ' \t\r\n'.includes(dt.text[i]!)) i--;
  if (i < 0 || dt.text[i] !== dt.escape) return -1;
  const lineStart = dt.index.lineStart(dt.index.positionAt(i).line);
  return /^[ \t]*#/.test(dt.text.slice(lineStart, i)) ? -1 : i;
}

export type Argv = { argv: string[] } | { reason: string };

/**
 * Splits a shell-form command into argv exactly as `/bin/sh -c` would, or says which shell feature it
 * needs (variables, chaining, pipes, redirects, globs, substitutions) — those are never converted.
 */
export function shellToArgv(command: string): Argv {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const s = command.trim();
  const need = (what: string): Argv => ({ reason: `it needs a shell: ${what}` });
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return need('an unclosed quote');
      word += s.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= s.length) return need('an unclosed quote');
        const d = s[j]!;
        if (d === '"') break;
        if (d === '$') return need('it expands a variable ($…)');
        if (d === '`') return need('it runs a command substitution');
        if (d === '\\' && j + 1 < s.length && '$`"\\\n'.includes(s[j + 1]!)) {
          word += s[j + 1];
          j += 2;
          continue;
        }
        word += d;
        j++;
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < s.length) word += s[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === '$') return need('it expands a variable ($…)');
    if (c === '`') return need('it runs a command substitution');
    if (c === '|') return need(s[i + 1] === '|' ? 'it chains commands with ||' : 'it pipes one command into another');
    if (c === '&') return need(s[i + 1] === '&' ? 'it chains commands with &&' : 'it runs a command in the background (&)');
    if (c === ';') return need('it runs several commands (;)');
    if (c === '<' || c === '>') return need('it redirects input or output');
    if (c === '(' || c === ')') return need('it uses a subshell');
    if (c === '*' || c === '?' || c === '[') return need(`it expands a glob (${c})`);
    if (c === '{' || c === '}') return need('it uses braces');
    if (c === '~' && !inWord) return need('it expands ~');
    if (c === '#' && !inWord) break; // the rest is a shell comment
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(word);
  if (words.length === 0) return { reason: 'the command is empty' };
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) return need(`it sets ${words[0]!.split('=')[0]} for the command`);
  if (['if', 'for', 'while', 'case', 'until', 'export', 'cd', 'source', '.', 'set', 'trap', 'ulimit', 'umask'].includes(words[0]!)) {
    return need(`"${words[0]}" is a shell built-in`);
  }
  // `exec app` in shell form is only there to make the app PID 1; exec form already is.
  if (words[0] === 'exec' && words.length > 1) words.shift();
  return { argv: words };
}

/** `["node", "server.js"]` — JSON strings, as the Dockerfile reference writes exec form. */
export function execForm(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
