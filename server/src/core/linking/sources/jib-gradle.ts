// Gradle build files (Groovy `build.gradle`, Kotlin `build.gradle.kts`) → the Jib build they configure.
// Neither language is evaluated: a small tokenizer (comments, strings, identifiers, punctuation) finds
// `jib { from { image = … } to { image = … } }` (also `image '…'` without `=`, and the dotted
// `jib.from.image = …` / `jib.to.image = …`), the Java version (`sourceCompatibility`,
// `JavaVersion.VERSION_17`, `JavaLanguageVersion.of(17)`) and the `war` plugin. Limits: only string
// literals are read — an image built from a variable or a `${…}` template is reported unresolved, not
// guessed; `ext` properties, `gradle.properties` and buildSrc are not followed; `image` set through
// `setImage(…)` or a provider is not seen.
import type { Location } from '../../model.js';
import { LineIndex } from '../../text/positions.js';
import type { BuildConfigResult } from '../result.js';
import { addJibLink, type JibBuild } from './jib-link.js';

interface Tok {
  type: 'ident' | 'string' | 'punct' | 'number';
  value: string;
  start: number;
  end: number;
}

export function tokenizeGradle(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      const start = i;
      i += close.length;
      let value = '';
      while (i < text.length && !text.startsWith(close, i)) {
        if (!triple && text[i] === '\n') break;
        if (text[i] === '\\' && i + 1 < text.length) value += text[++i]!;
        else value += text[i]!;
        i++;
      }
      i = Math.min(text.length, i + close.length);
      out.push({ type: 'string', value, start: start + close.length, end: start + close.length + value.length });
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      out.push({ type: 'ident', value: text.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < text.length && /[0-9.]/.test(text[i]!)) i++;
      out.push({ type: 'number', value: text.slice(start, i), start, end: i });
    } else {
      if ('{}()=.,'.includes(c)) out.push({ type: 'punct', value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

export function readGradleJib(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'jib', links: [], notices: [] };
  if (!/\bjib\b/.test(text)) return result;
  const toks = tokenizeGradle(text);
  const index = new LineIndex(text);
  const images: Partial<Record<'from' | 'to', { value: string; location?: Location }>> = {};
  const unresolved: string[] = [];
  let jibAt = -1;
  const is = (k: number, type: Tok['type'], value?: string): boolean => toks[k]?.type === type && (value === undefined || toks[k]!.value === value);
  /** The string after `image =` / `image` at k (k is the `image` token). */
  const imageValue = (k: number, part: 'from' | 'to'): void => {
    const v = is(k + 1, 'punct', '=') ? k + 2 : k + 1;
    const tok = toks[v];
    if (!tok) return;
    if (tok.type !== 'string') {
      // Not a string literal (a variable, a call): shown as `${name}` and named unresolved.
      const shown = `$\{${tok.value}}`;
      unresolved.push(shown);
      images[part] = { value: shown, location: index.location(file, tok.start, tok.end) };
      return;
    }
    const refs = tok.value.match(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_.]*/g) ?? [];
    for (const r of refs) if (!unresolved.includes(r)) unresolved.push(r);
    images[part] = { value: tok.value, location: index.location(file, tok.start, tok.end) };
  };
  // A stack of open blocks by name: `jib {`, then `from {` / `to {` inside it.
  const stack: string[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.type === 'punct' && t.value === '{') {
      const prev = toks[k - 1];
      stack.push(prev?.type === 'ident' ? prev.value : '');
      if (prev?.value === 'jib' && jibAt < 0) jibAt = prev.start;
      continue;
    }
    if (t.type === 'punct' && t.value === '}') {
      stack.pop();
      continue;
    }
    if (t.type !== 'ident') continue;
    const inJib = stack.includes('jib');
    const part = stack[stack.length - 1];
    if (t.value === 'image' && inJib && (part === 'from' || part === 'to') && !is(k - 1, 'punct', '.')) imageValue(k, part);
    // jib.from.image = '…' and, inside jib { }, from.image = '…'
    if ((t.value === 'jib' || (inJib && (t.value === 'from' || t.value === 'to'))) && is(k + 1, 'punct', '.')) {
      const [p, img] = t.value === 'jib' ? [toks[k + 2], toks[k + 4]] : [t, toks[k + 2]];
      if ((p?.value === 'from' || p?.value === 'to') && img?.value === 'image') {
        if (jibAt < 0) jibAt = t.start;
        imageValue(toks.indexOf(img), p.value);
      }
    }
  }
  if (jibAt < 0) return result;
  const build: JibBuild = { where: `${file}:${index.positionAt(jibAt).line + 1} jib`, war: /\bid\s*\(?\s*['"]war['"]|apply\s+plugin:\s*['"]war['"]|^\s*war\s*$/m.test(text), unresolved };
  if (images.from) build.from = images.from;
  if (images.to) build.to = images.to;
  const java = javaVersion(toks);
  if (java) build.javaVersion = java;
  addJibLink(result, file, build);
  return result;
}

/** `sourceCompatibility = '17'`, `JavaVersion.VERSION_17`, `JavaLanguageVersion.of(17)`, `jvmToolchain(17)`. */
function javaVersion(toks: Tok[]): string | undefined {
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.type === 'ident' && /^VERSION_(\d+)(_\d+)?$/.test(t.value)) return t.value.replace(/^VERSION_(1_)?(\d+).*$/, '$2');
    if (t.type === 'ident' && (t.value === 'of' || t.value === 'jvmToolchain') && toks[k + 1]?.value === '(' && toks[k + 2]?.type === 'number') return toks[k + 2]!.value;
    if (t.type === 'ident' && (t.value === 'sourceCompatibility' || t.value === 'targetCompatibility') && toks[k + 1]?.value === '=') {
      const v = toks[k + 2];
      if (v && (v.type === 'string' || v.type === 'number')) return v.value;
    }
  }
  return undefined;
}
