// `secret-surface policy runtime [DIR] --engine falco|tetragon|kubearmor`: the runtime baseline for every
// container that receives Secrets, as the engine's YAML on stdout (or -o FILE). What is not covered is said in
// the YAML's comments and counted on stderr. Exit 0 when written, 2 on usage errors, an unreadable directory
// or a malformed --baseline (every problem listed).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Workspace, CONFIG_FILES } from '../core/workspace.js';
import {
  generateRuntimePolicy,
  parseObservedBaseline,
  runtimeEngineIds,
  type ObservedBaseline,
  type RuntimeEngineId,
  type RuntimeMode,
} from '../core/policy/runtime/index.js';
import { walkFolderSync } from '../files/walk.js';
import { argumentError, directoryArgument, eachArg, UsageError } from './args.js';

export const POLICY_RUNTIME_USAGE = `       secret-surface policy runtime [DIR] --engine ${runtimeEngineIds.join('|')} [--mode audit|block] [-o FILE]
                              [--baseline FILE] [--config FILE]`;

export interface PolicyRuntimeArgs {
  dir: string;
  engine: RuntimeEngineId;
  mode: RuntimeMode;
  output?: string;
  baseline?: string;
  config?: string;
}

export function parsePolicyRuntimeArgs(argv: readonly string[]): PolicyRuntimeArgs {
  let engine: RuntimeEngineId | undefined;
  const args: Omit<PolicyRuntimeArgs, 'engine'> = { dir: '.', mode: 'audit' };
  const directory = directoryArgument('read');
  eachArg(argv, (flag, value, arg) => {
    switch (flag) {
      case '--engine': {
        const v = value();
        if (!(runtimeEngineIds as readonly string[]).includes(v)) throw argumentError(`--engine must be ${runtimeEngineIds.join(', ')}, not "${v}"`);
        engine = v as RuntimeEngineId;
        break;
      }
      case '--mode': {
        const v = value();
        if (v !== 'audit' && v !== 'block') throw argumentError(`--mode must be audit or block, not "${v}"`);
        args.mode = v;
        break;
      }
      case '-o':
      case '--output':
        args.output = value();
        break;
      case '--baseline':
        args.baseline = value();
        break;
      case '--config':
        args.config = value();
        break;
      default:
        directory(args, arg);
    }
  });
  if (!engine) throw new UsageError(`--engine is required (${runtimeEngineIds.join(', ')})`);
  return { ...args, engine };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what}: ${path}`);
  }
}

export function readBaseline(path: string): ObservedBaseline {
  const parsed = parseObservedBaseline(readText(path, 'baseline file'));
  if (!parsed.ok) throw new UsageError(`invalid baseline ${path}:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.baseline;
}

export function runPolicyRuntime(args: PolicyRuntimeArgs): { yaml: string; summary: string } {
  const root = resolve(args.dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`directory not found: ${args.dir}`);
  }
  if (!isDir) throw new UsageError(`not a directory: ${args.dir}`);
  const baseline = args.baseline ? readBaseline(args.baseline) : undefined;
  const configText = args.config ? readText(args.config, 'config file') : undefined;
  const ws = new Workspace({ workspaceName: basename(root) });
  for (const f of walkFolderSync(root).files) if (configText === undefined || !CONFIG_FILES.includes(f.path)) ws.setFile(f.path, f.text);
  if (configText !== undefined) ws.setFile(CONFIG_FILES[0]!, configText);
  const result = ws.analyze();
  const r = generateRuntimePolicy(result.exposures, args.engine, { mode: args.mode, ...(baseline ? { baseline } : {}) });
  const t = r.targets;
  const summary =
    t.targets.length === 0
      ? `no container in ${args.dir} receives a Secret or the service-account token: the ${args.engine} policy covers nothing`
      : `${args.engine}: ${t.targets.length} container${t.targets.length === 1 ? '' : 's'} covered` +
        (t.skipped.length ? `, ${t.skipped.length} not covered (see the comments)` : '') +
        (t.unusedObserved.length ? `, ${t.unusedObserved.length} baseline entr${t.unusedObserved.length === 1 ? 'y' : 'ies'} unused` : '');
  return { yaml: r.yaml, summary };
}

export function policyRuntimeMain(argv: string[]): number {
  const args = parsePolicyRuntimeArgs(argv);
  const { yaml, summary } = runPolicyRuntime(args);
  if (args.output) {
    try {
      writeFileSync(args.output, yaml);
    } catch {
      throw new UsageError(`cannot write ${args.output}`);
    }
  } else process.stdout.write(yaml);
  process.stderr.write(`secret-surface: ${summary}\n`);
  return 0;
}
