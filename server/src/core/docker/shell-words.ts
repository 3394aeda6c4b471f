// Splits the text of a RUN instruction into shell commands and words, each word keeping its offsets in the
// Dockerfile so a finding can sit exactly on `curl` in `apt-get install -y curl`. It understands Dockerfile
// line continuations (with the file's escape character) and comment lines inside them, quotes, `&&`/`||`/`;`/
// `|` chains, redirections, `$(…)`, and here-documents (a here-document that *is* the script is split too).
// It is not a shell: it only has to find command names and their plain arguments.
import { isShell } from '../catalog/tools.js';

export interface Word {
  /** The word with quotes removed. */
  value: string;
  /** Offsets of the word's first character and just past its last, in the whole Dockerfile text. */
  start: number;
  end: number;
  quoted: boolean;
}

export type Separator = '' | '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')';

export interface Command {
  words: Word[];
  /** The separator before this command (`|` means its input is the previous command's output). */
  op: Separator;
  /** True for commands read from a here-document body. */
  heredoc: boolean;
}

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  command: Command;
  /** True when `<<EOF` was the command's first word: the body is the script itself. */
  leading: boolean;
}

/** 1 for characters that never start anything special in the splitter. */
const ORDINARY = new Uint8Array(128);
for (let c = 33; c < 127; c++) ORDINARY[c] = 1;
for (const c of '\'"\\#&|;()<>$`') ORDINARY[c.charCodeAt(0)] = 0;


function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** Offset just past the line break at `i` (handles \r\n). */
function skipLineBreak(text: string, i: number): number {
  if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) return i + 2;
  return i + 1;
}

/**
 * Splits `text[from, to)` into commands. `dockerfile` turns on Dockerfile-level continuation handling with
 * `escape` (`\` or a backtick); here-document bodies and `sh -c` strings are split with it off.
 */
export function splitCommands(text: string, from: number, to: number, escape: string, dockerfile: boolean): Command[] {
  const commands: Command[] = [];
  let cmd: Command = { words: [], op: '', heredoc: !dockerfile };
  let value = '';
  let start = -1;
  let end = -1;
  let quoted = false;
  let redirectNext = false;
  let pending: PendingHeredoc[] = [];
  const esc = escape.charCodeAt(0);

  const endWord = () => {
    if (start >= 0) {
      if (redirectNext) redirectNext = false;
      else cmd.words.push({ value, start, end, quoted });
    }
    value = '';
    start = -1;
    quoted = false;
  };
  const endCommand = (op: Separator) => {
    endWord();
    if (cmd.words.length > 0 || pending.some((p) => p.command === cmd)) commands.push(cmd);
    cmd = { words: [], op, heredoc: !dockerfile };
  };
  const begin = (i: number) => {
    if (start < 0) start = i;
  };

  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    // Dockerfile continuation: escape char, optional blanks, line break. Following comment and blank lines vanish.
    if (dockerfile && c === esc) {
      let j = i + 1;
      while (j < to && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      if (j >= to || isLineBreak(text.charCodeAt(j))) {
        i = j >= to ? to : skipLineBreak(text, j);
        for (;;) {
          let k = i;
          while (k < to && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
          if (k < to && text.charCodeAt(k) === 35 /* # */) {
            while (k < to && !isLineBreak(text.charCodeAt(k))) k++;
            i = k < to ? skipLineBreak(text, k) : to;
          } else if (k < to && isLineBreak(text.charCodeAt(k))) {
            i = skipLineBreak(text, k);
          } else break;
        }
        continue;
      }
    }
    if (c === 39 /* ' */) {
      begin(i);
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= to ? to : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
      end = Math.min(i, to);
      continue;
    }
    if (c === 34 /* " */) {
      begin(i);
      quoted = true;
      i++;
      while (i < to && text.charCodeAt(i) !== 34) {
        if (text.charCodeAt(i) === 92 /* \ */ && i + 1 < to) {
          const n = text[i + 1]!;
          if (n === '"' || n === '\\' || n === '$' || n === '`') {
            value += n;
            i += 2;
            continue;
          }
          if (n === '\n' || n === '\r') {
            i = skipLineBreak(text, i + 1);
            continue;
          }
        }
        value += text[i];
        i++;
      }
      i++;
      end = Math.min(i, to);
      continue;
    }
    if (c === 92 /* \ */) {
      // Shell escape (the Dockerfile-level one was handled above).
      if (i + 1 < to && isLineBreak(text.charCodeAt(i + 1))) {
        i = skipLineBreak(text, i + 1);
        continue;
      }
      begin(i);
      if (i + 1 < to) value += text[i + 1];
      i += 2;
      end = Math.min(i, to);
      continue;
    }
    if (c === 32 || c === 9) {
      endWord();
      i++;
      continue;
    }
    if (isLineBreak(c)) {
      endWord();
      const heredocs = pending;
      pending = [];
      const current = cmd;
      endCommand('\n');
      i = skipLineBreak(text, i);
      for (const h of heredocs) {
        const bodyStart = i;
        let bodyEnd = to;
        let after = to;
        while (i < to) {
          let lineEnd = i;
          while (lineEnd < to && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
          let line = text.slice(i, lineEnd);
          if (h.stripTabs) line = line.replace(/^\t+/, '');
          if (line === h.delimiter) {
            bodyEnd = i;
            after = lineEnd < to ? skipLineBreak(text, lineEnd) : to;
            break;
          }
          i = lineEnd < to ? skipLineBreak(text, lineEnd) : to;
        }
        if (after === to && bodyEnd === to) i = to;
        else i = after;
        const first = h.command === current ? current.words[0] : h.command.words[0];
        const script = h.leading && (first === undefined || isShell(first.value));
        if (script) for (const sub of splitCommands(text, bodyStart, bodyEnd, escape, false)) commands.push({ ...sub, heredoc: true });
      }
      continue;
    }
    if (c === 35 /* # */ && start < 0) {
      // Comment to the end of the line.
      while (i < to && !isLineBreak(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === 38 /* & */ || c === 124 /* | */ || c === 59 /* ; */ || c === 40 /* ( */ || c === 41 /* ) */) {
      // `2>&1`, `>&2`: the & belongs to a redirection.
      if (c === 38 && i > from && (text.charCodeAt(i - 1) === 62 || text.charCodeAt(i - 1) === 60)) {
        i++;
        continue;
      }
      const two = text.slice(i, i + 2);
      let op: Separator;
      if (two === '&&' || two === '||') {
        op = two;
        i += 2;
      } else {
        op = text[i] as Separator;
        i++;
        if (op === ';' && text[i] === ';') i++;
      }
      endCommand(op);
      continue;
    }
    if (c === 60 /* < */ && start < 0 && text.charCodeAt(i + 1) === 60 && text.charCodeAt(i + 2) !== 60) {
      // Here-document: <<EOF, <<-EOF, <<"EOF", <<'EOF'.
      let j = i + 2;
      let stripTabs = false;
      if (text[j] === '-') {
        stripTabs = true;
        j++;
      }
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      const q = text[j];
      let delimiter = '';
      if (q === '"' || q === "'") {
        const close = text.indexOf(q, j + 1);
        delimiter = text.slice(j + 1, close < 0 ? to : close);
        j = close < 0 ? to : close + 1;
      } else {
        const m = /^[A-Za-z0-9_.-]+/.exec(text.slice(j, Math.min(to, j + 200)));
        delimiter = m ? m[0] : '';
        j += delimiter.length;
      }
      if (delimiter !== '') {
        pending.push({ delimiter, stripTabs, command: cmd, leading: cmd.words.length === 0 });
        i = j;
        continue;
      }
    }
    if (c === 62 /* > */ || c === 60 /* < */) {
      // Redirection: drop an fd number before it and the target after it.
      if (start >= 0 && /^[0-9]+$/.test(value)) {
        value = '';
        start = -1;
      } else endWord();
      i++;
      while (i < to && (text[i] === '>' || text[i] === '&' || text[i] === '|')) i++;
      while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
      if (/[0-9-]/.test(text[i] ?? '') && text[i - 1] === '&') {
        i++;
        continue;
      }
      redirectNext = true;
      continue;
    }
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 40 /* ( */) {
      // Command substitution: keep it inside the word, balanced.
      begin(i);
      let depth = 0;
      let j = i;
      for (; j < to; j++) {
        const d = text[j];
        if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      value += text.slice(i, Math.min(j + 1, to));
      i = Math.min(j + 1, to);
      end = i;
      continue;
    }
    // A run of ordinary characters is taken in one slice (this loop is the parser's hot path).
    begin(i);
    let j = i + 1;
    while (j < to && ORDINARY[text.charCodeAt(j)] === 1) j++;
    value += text.slice(i, j);
    i = j;
    end = i;
  }
  endCommand('');
  return commands;
}

export function basename(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Parses a JSON array of strings (exec form), keeping each string's offsets; undefined when it is not one. */
export function parseExecForm(text: string, from: number, to: number): Word[] | undefined {
  let i = from;
  while (i < to && /\s/.test(text[i]!)) i++;
  if (text[i] !== '[') return undefined;
  let j = to;
  while (j > i && /\s/.test(text[j - 1]!)) j--;
  if (text[j - 1] !== ']') return undefined;
  let values: unknown;
  try {
    values = JSON.parse(text.slice(i, j));
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return undefined;
  const words: Word[] = [];
  let k = i + 1;
  for (const v of values as string[]) {
    const open = text.indexOf('"', k);
    let close = open + 1;
    while (close < j && text[close] !== '"') close += text[close] === '\\' ? 2 : 1;
    words.push({ value: v, start: open, end: close + 1, quoted: true });
    k = close + 1;
  }
  return words;
}

/** Words that run the command after them (`sudo`, `env`, `exec`, `xargs`, shell keywords before a command). */
const PREFIX_COMMANDS = new Set(['sudo', 'env', 'command', 'exec', 'nice', 'nohup', 'time', 'then', 'do', 'else', '{', '!', 'eval', 'xargs']);

/** A command's words from the program it runs: prefixes, `VAR=value` assignments and `env` options skipped. */
export function stripPrefix(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length) {
    const v = words[i]!.value;
    if (PREFIX_COMMANDS.has(v) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(v) || (i > 0 && words[i - 1]!.value === 'env' && v.startsWith('-'))) i++;
    else break;
  }
  return i === 0 ? words : words.slice(i);
}
