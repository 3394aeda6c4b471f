// Tiltfile → image links from `docker_build(...)` calls. Starlark is not evaluated: a small tokenizer
// finds the calls outside comments and strings and reads arguments that are string literals; a name
// or path computed at run time is reported instead of guessed.
import type { ImageLink, Location } from '../model.js';
import { LineIndex } from '../text/positions.js';
import { dirOf, isAbsolutePath, joinPath, showDir } from '../paths.js';
import { notice, type BuildConfigResult, type DeployRef } from './result.js';

type TokenType = 'ident' | 'string' | 'punct' | 'other';

interface Token {
  type: TokenType;
  /** Identifier or punctuation text; for strings, the decoded value. */
  value: string;
  start: number;
  end: number;
}

/** Starlark tokens, without comments and whitespace. Unterminated strings end at the line end. */
export function tokenizeStarlark(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\\') {
      i++;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}(?=['"])/.exec(text.slice(i, i + 3));
    if (c === '"' || c === "'" || (prefix && prefix[0].length > 0)) {
      const start = i;
      const raw = prefix ? /r/i.test(prefix[0]) : false;
      i += prefix ? prefix[0].length : 0;
      const q = text[i]!;
      const triple = text.startsWith(q.repeat(3), i);
      const close = triple ? q.repeat(3) : q;
      i += close.length;
      let value = '';
      while (i < n) {
        if (text.startsWith(close, i)) {
          i += close.length;
          break;
        }
        const ch = text[i]!;
        if (!triple && (ch === '\n' || ch === '\r')) break;
        if (ch === '\\' && i + 1 < n) {
          const next = text[i + 1]!;
          if (raw) value += ch + next;
          else value += ESCAPES[next] ?? `\\${next}`;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      tokens.push({ type: 'string', value, start, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      tokens.push({ type: 'ident', value: text.slice(start, i), start, end: i });
      continue;
    }
    if ('()[]{},=.:'.includes(c)) {
      // `==` is not an argument separator: keep it as one token so it is never read as `name=value`.
      if (c === '=' && text[i + 1] === '=') {
        tokens.push({ type: 'other', value: '==', start: i, end: i + 2 });
        i += 2;
        continue;
      }
      tokens.push({ type: 'punct', value: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    i++;
    tokens.push({ type: 'other', value: text.slice(start, i), start, end: i });
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

interface Arg {
  name?: string;
  /** The literal's value when the argument is string literal(s) (adjacent literals concatenate). */
  literal?: string;
  start: number;
  end: number;
  /** The literal's own range (inside the quotes' token). */
  valueStart: number;
  valueEnd: number;
  /** The value's tokens (after `name=`). */
  body: Token[];
}

/** Functions whose arguments name an image and a Dockerfile, with how many leading positional arguments they take. */
const CALLS: Record<string, string[]> = {
  // docker_build(ref, context, build_args, dockerfile, …)
  docker_build: ['ref', 'context', 'build_args', 'dockerfile'],
  // restart_process extension: docker_build_with_restart(ref, context, entrypoint, live_update, …, **docker_build kwargs)
  docker_build_with_restart: ['ref', 'context', 'entrypoint', 'live_update'],
};

export function readTiltfile(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'tilt', links: [], notices: [] };
  const index = new LineIndex(text);
  const tokens = tokenizeStarlark(text);
  const base = dirOf(file);
  const deploys: DeployRef[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.type !== 'ident' || !(tok.value in CALLS || tok.value === 'k8s_yaml')) continue;
    // `x.docker_build(` is someone else's method; `def docker_build(` is a definition, not a call.
    const prev = tokens[t - 1];
    if (prev && ((prev.type === 'punct' && prev.value === '.') || (prev.type === 'ident' && prev.value === 'def'))) continue;
    if (tokens[t + 1]?.value !== '(' || tokens[t + 1]?.type !== 'punct') continue;
    const { args, next } = readArgs(tokens, t + 2);
    t = next - 1;
    const callLocation = index.location(file, tok.start, tokens[Math.max(t, 0)]?.end ?? tok.end);
    if (tok.value === 'k8s_yaml') {
      const yaml = args.find((a) => a.name === 'yaml') ?? args.find((a) => a.name === undefined);
      const refs = yaml ? deployRefs(yaml.body, base) : undefined;
      if (refs) deploys.push(...refs);
      else {
        const line = index.positionAt(tok.start).line + 1;
        result.notices.push(notice(file, 'info', `${file}:${line} k8s_yaml(…): the manifests are not named by string literals, so which manifests this Tiltfile deploys is not known`, callLocation));
      }
      continue;
    }
    const params = CALLS[tok.value]!;
    const named = new Map<string, Arg>();
    let positional = 0;
    for (const a of args) {
      if (a.name !== undefined) named.set(a.name, a);
      else if (positional < params.length) named.set(params[positional++]!, a);
    }
    const line = index.positionAt(tok.start).line + 1;
    const where = `${file}:${line} ${tok.value}(…)`;
    const ref = named.get('ref');
    const context = named.get('context');
    if (!ref || ref.literal === undefined) {
      result.notices.push(notice(file, 'info', `${where}: the image name is not a string literal, so this build is not linked`, callLocation));
      continue;
    }
    if (named.has('dockerfile_contents')) {
      result.notices.push(notice(file, 'info', `${where}: ${ref.literal} is built from dockerfile_contents, not a Dockerfile file`, callLocation));
      continue;
    }
    if (!context || context.literal === undefined) {
      result.notices.push(notice(file, 'info', `${where}: the build context of ${ref.literal} is not a string literal, so this build is not linked`, callLocation));
      continue;
    }
    const dockerfileArg = named.get('dockerfile');
    if (dockerfileArg && dockerfileArg.literal === undefined) {
      result.notices.push(notice(file, 'info', `${where}: the dockerfile of ${ref.literal} is not a string literal, so this build is not linked`, callLocation));
      continue;
    }
    const targetArg = named.get('target');
    const target = targetArg?.literal || undefined;
    const contextDir = isAbsolutePath(context.literal) ? context.literal : joinPath(base, context.literal);
    // Tilt resolves `dockerfile` against the Tiltfile's directory, not the context; the default is <context>/Dockerfile.
    const dockerfile = dockerfileArg?.literal
      ? isAbsolutePath(dockerfileArg.literal)
        ? dockerfileArg.literal
        : joinPath(base, dockerfileArg.literal)
      : joinPath(contextDir, 'Dockerfile');
    const link: ImageLink = {
      image: ref.literal.trim(),
      dockerfile,
      source: 'tilt',
      reason: `${where}: context ${showDir(joinPath(context.literal))}, dockerfile ${dockerfileArg?.literal ?? 'Dockerfile'}${target ? `, target ${target}` : ''}`,
      location: index.location(file, ref.valueStart, ref.valueEnd) as Location,
    };
    if (target) link.target = target;
    const live = named.get('live_update');
    if (live && !(live.body.length === 2 && live.body[0]!.value === '[' && live.body[1]!.value === ']')) link.devLoop = `${where} has live_update`;
    result.links.push(link);
  }
  if (deploys.length > 0) result.deploys = { by: file, refs: deploys };
  return result;
}

/** Built-ins whose first argument names what `k8s_yaml` deploys. */
const DEPLOY_CALLS: Record<string, DeployRef['kind']> = { kustomize: 'kustomize', helm: 'dir', listdir: 'dir' };

/**
 * What one `k8s_yaml` argument deploys: a path literal, a list of them, or `kustomize('dir')`,
 * `helm('chart')`, `listdir('dir')`. Undefined when it is computed at run time.
 */
function deployRefs(body: Token[], base: string): DeployRef[] | undefined {
  const at = (p: string): string => (isAbsolutePath(p) ? p : joinPath(base, p));
  const pathRef = (p: string): DeployRef => ({ path: at(p), kind: /\.(ya?ml|json)$/i.test(p) ? 'file' : 'dir' });
  if (body.length > 0 && body.every((b) => b.type === 'string')) return [pathRef(body.map((b) => b.value).join(''))];
  const first = body[0];
  if (first?.type === 'punct' && first.value === '[' && body[body.length - 1]?.value === ']') {
    const inner = body.slice(1, -1).filter((b) => !(b.type === 'punct' && b.value === ','));
    return inner.every((b) => b.type === 'string') ? inner.map((b) => pathRef(b.value)) : undefined;
  }
  if (first?.type === 'ident' && first.value in DEPLOY_CALLS && body[1]?.value === '(' && body[2]?.type === 'string') {
    return [{ path: at(body[2].value), kind: DEPLOY_CALLS[first.value]! }];
  }
  return undefined;
}

/** Reads call arguments from just after `(` to the matching `)`; returns the index after `)`. */
function readArgs(tokens: Token[], from: number): { args: Arg[]; next: number } {
  const args: Arg[] = [];
  let depth = 0;
  let current: Token[] = [];
  let i = from;
  const flush = (): void => {
    if (current.length === 0) return;
    args.push(toArg(current));
    current = [];
  };
  for (; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.type === 'punct' && '([{'.includes(tok.value)) depth++;
    if (tok.type === 'punct' && ')]}'.includes(tok.value)) {
      if (depth === 0) {
        flush();
        return { args, next: i + 1 };
      }
      depth--;
    }
    if (depth === 0 && tok.type === 'punct' && tok.value === ',') {
      flush();
      continue;
    }
    current.push(tok);
  }
  flush();
  return { args, next: i };
}

function toArg(toks: Token[]): Arg {
  let body = toks;
  let name: string | undefined;
  if (toks.length >= 2 && toks[0]!.type === 'ident' && toks[1]!.type === 'punct' && toks[1]!.value === '=') {
    name = toks[0]!.value;
    body = toks.slice(2);
  }
  const arg: Arg = {
    start: toks[0]!.start,
    end: toks[toks.length - 1]!.end,
    valueStart: body[0]?.start ?? toks[0]!.start,
    valueEnd: body[body.length - 1]?.end ?? toks[toks.length - 1]!.end,
    body,
  };
  if (name !== undefined) arg.name = name;
  if (body.length > 0 && body.every((b) => b.type === 'string')) arg.literal = body.map((b) => b.value).join('');
  return arg;
}
