// Dockerfile text as fixes need it: instructions with their offsets and stage, the shell-form text of a
// command turned into argv when (and only when) no shell feature is in play, and JSON exec form.
import { DockerfileParser } from 'dockerfile-ast';
import { LineIndex } from '../text/positions.js';

export interface DockerInstruction {
  keyword: string;
  /** Offsets of the whole instruction (keyword to last argument). */
  start: number;
  end: number;
  /** Offset just past the keyword. */
  argsStart: number;
  /** Index of the stage it belongs to (-1 before the first FROM). */
  stage: number;
}

export interface DockerText {
  text: string;
  index: LineIndex;
  escape: string;
  instructions: DockerInstruction[];
}

export function readDockerText(text: string): DockerText {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const df = DockerfileParser.parse(source);
  const index = new LineIndex(text);
  const instructions: DockerInstruction[] = [];
  let stage = -1;
  for (const inst of df.getInstructions()) {
    const keyword = inst.getKeyword();
    if (keyword === 'FROM') stage++;
    const r = inst.getRange();
    instructions.push({
      keyword,
      start: index.offsetAt(r.start),
      end: index.offsetAt(r.end),
      argsStart: index.offsetAt(inst.getInstructionRange().end),
      stage,
    });
  }
  return { text, index, escape: df.getEscapeCharacter(), instructions };
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
