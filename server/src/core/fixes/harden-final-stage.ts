// Fix harden-final-stage: the stage a workload runs becomes a named build stage, and a new final stage
// FROM the family's shell-free image (catalog) copies what the app needs — work dir, files the build
// copied elsewhere, the binary, site-packages, the jar — keeps WORKDIR, ENV, EXPOSE and a non-root
// USER, and starts the app in exec form the way the new base runs it. What cannot be inferred gets a
// TODO comment at that exact place; families with no shell-free image get no fix at all.
import type { CatalogImage, DockerfileFacts, StageFacts } from '../model.js';
import { toolCategory } from '../catalog/index.js';
import { builtFrom, rootCatalog, stageChain, usersOf, type FixContext } from './context.js';
import { argvForRuntime, languageEntrypoint } from './commands.js';
import { danglingContinuation, execForm, joinContinuations, dockerText, shellToArgv, type DockerInstruction, type DockerText } from './dockerfile-text.js';
import type { FileChange, Fix, TextEdit } from './types.js';
import { buildStageCruft } from './build-stage-cruft.js';
import { MAJOR_RUNTIME_NAMES, runtimeMajor, runtimePlans, type RuntimePlan } from './runtime-version.js';
import { defineFix } from './fix.js';
import { keepWorkingWithoutShell, offendingTools, TOOL_RULES } from './without-shell.js';

const DISTRO_FAMILIES = new Set(['debian', 'ubuntu', 'bitnami-minideb', 'amazonlinux-2023', 'oraclelinux']);
const MUSL_FAMILIES = new Set(['alpine', 'busybox']);

export const hardenFinalStage = defineFix({
  id: 'harden-final-stage',
  title: 'Add a hardened final stage',
  resolves: TOOL_RULES,
  docs: {
    safe: 'no',
    example:
      '`FROM node:22` … → `FROM node:22 AS build` … plus `FROM gcr.io/distroless/nodejs22-debian13:nonroot`, `WORKDIR /app`, `COPY --from=build /app /app`, ' +
      '`ENV`, `EXPOSE`, `USER 65532:65532`, `CMD ["server.js"]`; Go → static (CGO off) or base, Python → python3-debian13 with site-packages, ' +
      'Java → java21 with `JAVA_TOOL_OPTIONS`, .NET → `-chiseled`, nginx/ruby/php → Chainguard; `# TODO` where needs are unknown; none for postgres, redis, mysql, httpd',
  },
  offer: hardenFinalStageFixes,
});

function hardenFinalStageFixes(ctx: FixContext): Fix[] {
  const f = ctx.finding;
  let df: DockerfileFacts | undefined;
  let stage: StageFacts | undefined;
  if (ctx.dockerfile) {
    df = ctx.dockerfile;
    const idx = usersOf(ctx, df.file)[0]?.image.stage?.index;
    stage = idx !== undefined ? df.stages[idx] : undefined;
  } else if (ctx.exposure) {
    const built = builtFrom(ctx, ctx.exposure);
    if (!built || offendingTools(f, ctx.exposure.image).length === 0) return [];
    df = built.dockerfile;
    stage = built.stage;
  }
  if (!df || !stage) return [];
  const text = ctx.ws.text(df.file);
  if (text === undefined) return [];
  const fromImg = rootCatalog(ctx, df, stage);
  if (!fromImg || fromImg.hardened || fromImg.noReplacement || !fromImg.replacement) return [];
  const base = { id: hardenFinalStage.id, rules: [...hardenFinalStage.resolves], safe: false, isPreferred: false };
  const users = usersOf(ctx, df.file);
  if (stage.index !== df.stages.length - 1 || users.some((u) => u.link?.target)) {
    return [{ ...base, title: 'Cannot add a hardened final stage', edits: [], unavailable: 'A build config targets a stage of this Dockerfile: add the hardened stage after that stage and target it.' }];
  }
  const dt = dockerText(text, df);
  const chain = stageChain(df, stage);
  const chosen = chooseBase(ctx, dt, chain, fromImg);
  const out: Fix[] = [];
  for (const plan of runtimePlans(ctx, chain[0]!.baseImage, fromImg, chosen)) {
    const newCatalog = ctx.catalog.lookupImage(plan.image);
    const keep = keepWorkingWithoutShell(ctx, df, stage, dt, newCatalog, users, false);
    if ('reason' in keep) return [{ ...base, title: 'Cannot harden the final stage', edits: [], unavailable: `Without a shell, ${keep.reason}.` }];
    out.push(planFix(ctx, { dt, df, stage, chain, fromImg, plan, newCatalog, keep }));
  }
  return out;
}

interface PlanInput {
  dt: DockerText;
  df: DockerfileFacts;
  stage: StageFacts;
  chain: StageFacts[];
  fromImg: CatalogImage;
  plan: RuntimePlan;
  newCatalog: CatalogImage | undefined;
  keep: { manifests: FileChange[]; notes: string[] };
}

function planFix(ctx: FixContext, { dt, df, stage, chain, fromImg, plan, newCatalog, keep }: PlanInput): Fix {
  const text = dt.text;
  const eol = dt.index.eol;
  const newImage = plan.image;
  const buildName = stage.name ?? freeName(df, 'build');
  const edits: TextEdit[] = [];
  const move = plan.move;
  const fromText = text.slice(dt.index.offsetAt(stage.fromLocation.range.start), dt.index.offsetAt(stage.fromLocation.range.end));
  // The build stage moves with the runtime (only when the FROM is the very image, not an ARG to resolve).
  const retagBuild = move && stage === chain[0] && fromText === stage.baseImage;
  const fromEdit = `${retagBuild ? move.buildImage : fromText}${stage.name ? '' : ` AS ${buildName}`}`;
  if (fromEdit !== fromText) edits.push({ range: stage.fromLocation.range, newText: fromEdit });
  if (move) {
    const line = stage.fromInstructionLocation.range.start.line;
    const at = dt.index.lineStart(line);
    const why = retagBuild ? `moves to ${move.buildImage} with the runtime stage` : `must move to ${move.runtime} ${move.to} with the runtime stage (its FROM is not the image itself: change it by hand)`;
    edits.push({ range: dt.index.range(at, at), newText: `# ${move.runtime} ${move.from} → ${move.to}: this build stage ${why}, so what it builds (native add-ons) matches the runtime.${eol}` });
  }
  const cruft = buildStageCruft(dt, stage);
  edits.push(...cruft.edits);
  const { lines, todos } = finalStage(ctx, dt, df, chain, buildName, fromImg, newImage, newCatalog, move);
  const end = text.length;
  // A last line ending in a continuation would swallow the new stage: drop that escape (and the blanks before it).
  const dangling = danglingContinuation(dt);
  if (dangling >= 0 && !cruft.edits.some((e) => dt.index.offsetAt(e.range.end) > dangling)) {
    const from = dangling - (/[ \t]*$/.exec(text.slice(0, dangling))?.[0].length ?? 0);
    edits.push({ range: dt.index.range(from, dangling + 1), newText: '' });
  }
  const sep = text.endsWith('\n') || text.endsWith('\r') ? eol : eol + eol;
  edits.push({ range: dt.index.range(end, end), newText: `${sep}${lines.join(eol)}${eol}` });
  const changes: FileChange[] = [{ kind: 'edit', file: df.file, edits }, ...keep.manifests];
  const extra = [...new Set(keep.notes)];
  if (cruft.moved.length) extra.push(`${cruft.moved.join(', ')} leave${cruft.moved.length > 1 ? '' : 's'} the build stage`);
  if (cruft.dropped.length) extra.push(`the install of ${cruft.dropped.join(', ')} is dropped`);
  // The runtime's major version, said first: kept, or changed (and why).
  const keeps = fromImg.runtime ? MAJOR_RUNTIME_NAMES[fromImg.runtime] : undefined;
  const version = move
    ? `, changing ${move.runtime} ${move.from} to ${move.to} (${move.why}${retagBuild ? `; the build stage moves to ${move.buildImage} too` : ''})`
    : keeps && runtimeMajor(newImage)
      ? `, keeping ${keeps} ${runtimeMajor(newImage)}`
      : '';
  return {
    id: hardenFinalStage.id,
    rules: [...hardenFinalStage.resolves],
    safe: false,
    isPreferred: false,
    title:
      `Harden the final stage${version}: build in "${buildName}" (${chain[0]!.baseImage}), run on ${newImage} (no shell, package manager or network tools)` +
      `${extra.length ? `; ${extra.join(', ')}` : ''}${todos ? `; ${todos} TODO comment${todos > 1 ? 's' : ''} where the app's needs are not known` : ''}`,
    edits: changes,
  };
}

function freeName(df: DockerfileFacts, want: string): string {
  const taken = new Set(df.stages.map((s) => s.name?.toLowerCase()));
  let name = want;
  for (let n = 2; taken.has(name); n++) name = `${want}-${n}`;
  return name;
}

function instText(dt: DockerText, i: DockerInstruction): string {
  return joinContinuations(dt.text, i.argsStart, i.end, dt.escape).trim();
}

function chooseBase(ctx: FixContext, dt: DockerText, chain: StageFacts[], img: CatalogImage): string {
  const stages = new Set(chain.map((s) => s.index));
  const own = dt.instructions.filter((i) => stages.has(i.stage));
  if (img.family === 'golang') {
    const cgoOff = own.some((i) => (i.keyword === 'RUN' || i.keyword === 'ENV' || i.keyword === 'ARG') && /CGO_ENABLED[= ]+0\b/.test(instText(dt, i)));
    return cgoOff ? 'gcr.io/distroless/static-debian13:nonroot' : 'gcr.io/distroless/base-debian13:nonroot';
  }
  if (DISTRO_FAMILIES.has(img.family)) return 'gcr.io/distroless/cc-debian13:nonroot';
  return img.replacement!.image;
}

interface Built {
  lines: string[];
  todos: number;
}

function finalStage(
  ctx: FixContext,
  dt: DockerText,
  df: DockerfileFacts,
  chain: StageFacts[],
  build: string,
  fromImg: CatalogImage,
  newImage: string,
  newCatalog: CatalogImage | undefined,
  move?: RuntimePlan['move'],
): Built {
  const stages = new Set(chain.map((s) => s.index));
  const own = dt.instructions.filter((i) => stages.has(i.stage));
  const last = chain[chain.length - 1]!;
  const workdir = last.workdir;
  const lines: string[] = ['# Runtime stage: no shell, package manager or network tools (hardened by Secret Surface).'];
  if (move) lines.push(`# ${move.runtime} ${move.from} → ${move.to}: ${move.why}; test the app on ${move.runtime} ${move.to}.`);
  lines.push(`FROM ${newImage}`);
  let todos = 0;
  const todo = (msg: string) => {
    lines.push(`# TODO: ${msg}`);
    todos++;
  };
  if (workdir) lines.push(`WORKDIR ${workdir}`);
  for (const i of own) if (i.keyword === 'ENV') lines.push(`ENV ${instText(dt, i)}`);
  const copied = new Set<string>();
  const copy = (p: string) => {
    if (copied.has(p)) return;
    copied.add(p);
    lines.push(`COPY --from=${build} ${p} ${p}`);
  };
  const command = startCommand(dt, own);
  // A Go build's work dir is its source tree: only the binary goes to the runtime stage.
  const binaryOnly = fromImg.family === 'golang' && !('reason' in command) && command.argv[0]?.startsWith('/') === true && !command.argv[0]!.startsWith(`${workdir ?? ''}/`);
  if (binaryOnly) {
    /* the binary is copied below */
  } else if (workdir && workdir !== '/') copy(workdir);
  else todo(`copy the application files from the "${build}" stage (it sets no WORKDIR), e.g. COPY --from=${build} /app /app`);
  // Files the build put outside the work dir (config, static files, a jar) come along too.
  for (const i of own) {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    const dest = copyDest(dt, i);
    if (dest && dest.startsWith('/') && !(workdir && (dest === workdir || dest.startsWith(`${workdir.replace(/\/$/, '')}/`)))) copy(dest);
  }
  const runtime = languageEntrypoint(newCatalog);
  if (runtime === 'python') pythonPackages(dt, own, fromImg, build, lines, copy, todo);
  // The start command, written for the new base.
  let entry: { kind: 'CMD' | 'ENTRYPOINT'; argv: string[] } | undefined;
  if ('reason' in command) todo(`${command.reason}; write CMD/ENTRYPOINT in exec form for ${newImage}`);
  else if (command.argv.length === 0) {
    if (!/nginx/.test(newImage)) todo(`the Dockerfile sets no CMD/ENTRYPOINT: add the command that starts the app, in exec form`);
  } else if (runtime) {
    let argv = command.argv;
    if (runtime === 'java' && /(^|\/)java$/.test(argv[0]!)) {
      const jar = argv.indexOf('-jar');
      const opts = argv.slice(1, jar < 0 ? argv.length : jar);
      if (jar > 1) lines.push(`ENV JAVA_TOOL_OPTIONS=${JSON.stringify(opts.join(' '))}`);
      if (jar > 0) argv = ['java', ...argv.slice(jar)];
    }
    const r = argvForRuntime(argv, runtime);
    if ('reason' in r) todo(`${r.reason} (the build stage ran ${execForm(command.argv)})`);
    else {
      entry = { kind: 'CMD', argv: r.argv };
      const script = r.argv.find((a) => !a.startsWith('-'));
      if (script && script.startsWith('/') && !copied.has(script) && !(workdir && script.startsWith(`${workdir}/`))) copy(script);
    }
  } else {
    const head = command.argv[0]!;
    if (/\.sh$/.test(head)) todo(`${head} is a shell script and the new image has no shell: start the app binary directly`);
    else {
      if (head.startsWith('/') && !(workdir && head.startsWith(`${workdir}/`))) copy(head);
      entry = { kind: command.kind, argv: command.argv };
      // A language image whose own entrypoint the catalog does not record (a chiselled rock): the command is as the build stage wrote it.
      if (newCatalog?.runtime) todo(`the catalog does not record how ${newImage} starts ${newCatalog.runtime}: check that it runs ${execForm(command.argv)} as written`);
    }
    if (MUSL_FAMILIES.has(fromImg.family)) todo(`binaries built on ${fromImg.family} link musl; build them static (CGO_ENABLED=0, -static) so they run on ${newImage}`);
  }
  if (/nginx/.test(newImage)) todo('this nginx runs as 65532: listen on a port ≥ 1024; /docker-entrypoint.d scripts and envsubst templates no longer run');
  for (const i of own) if (i.keyword === 'EXPOSE') lines.push(`EXPOSE ${instText(dt, i)}`);
  lines.push(`USER ${userFor(chain, newCatalog)}`);
  const hc = own.filter((i) => i.keyword === 'HEALTHCHECK').pop();
  if (hc) {
    const t = instText(dt, hc);
    const needsTools = [...t.matchAll(/"([^"\\]*)"/g)].some((m) => ['shell', 'network'].includes(toolCategory(m[1]!) ?? ''));
    if (/^(--\S+\s+)*CMD\s*\[/i.test(t) && !needsTools) lines.push(`HEALTHCHECK ${t}`);
    else todo(`HEALTHCHECK ${t.replace(/\s+/g, ' ').slice(0, 80)} needs tools this image does not have; let Kubernetes probes (httpGet/tcpSocket) check health`);
  }
  if (entry) lines.push(`${entry.kind} ${execForm(entry.argv)}`);
  return { lines, todos };
}

/** The last ENTRYPOINT and CMD of the chain, combined into one argv (what the container runs). */
function startCommand(dt: DockerText, own: DockerInstruction[]): { kind: 'CMD' | 'ENTRYPOINT'; argv: string[] } | { reason: string } {
  const read = (i: DockerInstruction | undefined): string[] | { reason: string } | undefined => {
    if (!i) return undefined;
    const t = instText(dt, i);
    if (t.startsWith('[')) {
      try {
        const v = JSON.parse(t) as unknown;
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
      } catch {
        /* not JSON after all: shell form */
      }
    }
    const r = shellToArgv(t);
    return 'reason' in r ? { reason: `${i.keyword} ${t} ${r.reason.replace(/^it /, 'is kept out because it ')}` } : r.argv;
  };
  const ep = read(own.filter((i) => i.keyword === 'ENTRYPOINT').pop());
  const cmd = read(own.filter((i) => i.keyword === 'CMD').pop());
  if (ep && 'reason' in ep) return ep;
  if (cmd && 'reason' in cmd) return cmd;
  if (ep) return { kind: 'ENTRYPOINT', argv: [...ep, ...(cmd ?? [])] };
  return { kind: 'CMD', argv: cmd ?? [] };
}

function copyDest(dt: DockerText, i: DockerInstruction): string | undefined {
  const t = instText(dt, i).replace(/^(--\S+\s+)*/, '');
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as string[];
      return v[v.length - 1];
    } catch {
      return undefined;
    }
  }
  if (/<</.test(t)) return undefined;
  const words = t.split(/\s+/);
  return words.length >= 2 ? words[words.length - 1] : undefined;
}

function pythonPackages(
  dt: DockerText,
  own: DockerInstruction[],
  fromImg: CatalogImage,
  build: string,
  lines: string[],
  copy: (p: string) => void,
  todo: (m: string) => void,
): void {
  const runs = own.filter((i) => i.keyword === 'RUN').map((i) => instText(dt, i));
  const venv = runs.map((r) => /-m\s+venv\s+(\S+)/.exec(r)?.[1]).find((v) => v !== undefined);
  const pip = runs.some((r) => /\bpip[0-9.]*\s+install\b/.test(r));
  if (venv) {
    copy(venv);
    todo(`${venv} was created for the build stage's Python; rebuild it with Python 3.13 if it holds compiled packages, and set PYTHONPATH to its site-packages`);
    return;
  }
  if (!pip) return;
  const from = /python:(\d+\.\d+)/.exec(dt.text)?.[1];
  if (!from) {
    todo(`copy the packages pip installed in the "${build}" stage and set PYTHONPATH to them`);
    return;
  }
  const site = `/usr/local/lib/python${from}/site-packages`;
  if (from !== '3.13') todo(`pip built these packages for Python ${from}; this image runs Python 3.13, so packages with C extensions must be rebuilt for it (build on python:3.13-slim-trixie)`);
  lines.push(`COPY --from=${build} ${site} ${site}`);
  lines.push(`ENV PYTHONPATH=${site}`);
}

function userFor(chain: StageFacts[], img: CatalogImage | undefined): string {
  const user = chain.map((s) => s.user?.value).filter((u): u is string => u !== undefined).pop();
  const id = user?.split(':')[0];
  if (id && /^[0-9]+$/.test(id) && id !== '0') return user!;
  const d = img?.defaultUser;
  return d && /^[0-9]+$/.test(d) && d !== '0' ? (d === '65532' ? '65532:65532' : d) : '65532:65532';
}
