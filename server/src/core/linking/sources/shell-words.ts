// Shell command lines → commands → words, enough to read a `docker build …` invocation: quotes,
// backslash escapes and the operators that separate commands (`&&`, `||`, `;`, `|`). Redirections,
// subshells and here-documents are not interpreted; their words are only kept apart from the command's.
import { LineIndex } from '../../text/positions.js';

/** One simple command's words, quotes removed. */
export type Command = string[];

export function splitCommands(line: string): Command[] {
  const commands: Command[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i]!;
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      word += line[++i]!;
      inWord = true;
      continue;
    }
    if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      // `$(…)` and `${…}` stay one word, whatever they hold.
      const end = closingAt(line, i + 1);
      word += line.slice(i, end + 1);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '#' && !inWord) break;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      endWord();
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      continue;
    }
    word += c;
    inWord = true;
  }
  endCommand();
  return commands;
}

function closingAt(line: string, open: number): number {
  const o = line[open]!;
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === o) depth++;
    else if (line[i] === c && --depth === 0) return i;
  }
  return line.length - 1;
}

/** Joins lines ending in a backslash with the next; each logical line keeps the 0-based line it starts on. */
export function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const index = new LineIndex(text);
  for (let i = 0; i < index.lineCount; i++) {
    const start = i;
    let joined = index.lineText(i);
    while (/(^|[^\\])(\\\\)*\\$/.test(joined) && i + 1 < index.lineCount) joined = joined.slice(0, -1) + ' ' + index.lineText(++i);
    out.push({ line: start, text: joined });
  }
  return out;
}
