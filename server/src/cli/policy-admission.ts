// `secret-surface policy admission`: the admission policies (ValidatingAdmissionPolicy or Kyverno)
// generated from the workspace analysis, to stdout or -o FILE; stderr says which images could not be
// allowed and why.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Workspace, CONFIG_FILES, type AnalysisResult } from '../core/workspace.js';
import { ADMISSION_ENGINES, generateAdmissionPolicy, type AdmissionEngine, type AdmissionOutput } from '../core/policy/admission/index.js';
import { POLICY_MODES, type PolicyMode } from '../core/config/index.js';
import { walkFolderSync } from '../files/walk.js';
import { VERSION } from './version.js';
import { argumentError, directoryArgument, eachArg, UsageError } from './args.js';

export const POLICY_ADMISSION_USAGE = `       secret-surface policy admission [DIR] --engine vap|kyverno [-o FILE] [--mode warn|audit|deny] [--params-only] [--config FILE]`;

export interface PolicyIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const defaultIo: PolicyIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export function policyAdmissionMain(argv: string[], io: PolicyIo = defaultIo): number {
  return admissionMain(argv, io);
}

export interface AdmissionArgs {
  dir: string;
  engine?: AdmissionEngine;
  mode?: PolicyMode;
  output?: string;
  paramsOnly: boolean;
  config?: string;
}

export function parseAdmissionArgs(argv: string[]): AdmissionArgs {
  const args: AdmissionArgs = { dir: '.', paramsOnly: false };
  const directory = directoryArgument('read');
  eachArg(argv, (flag, value, arg) => {
    switch (flag) {
      case '--engine': {
        const v = value();
        if (!(ADMISSION_ENGINES as readonly string[]).includes(v)) throw argumentError(`--engine must be ${ADMISSION_ENGINES.join(' or ')}, not "${v}"`);
        args.engine = v as AdmissionEngine;
        break;
      }
      case '--mode': {
        const v = value();
        if (!(POLICY_MODES as readonly string[]).includes(v)) throw argumentError(`--mode must be ${POLICY_MODES.join(', ')}, not "${v}"`);
        args.mode = v as PolicyMode;
        break;
      }
      case '-o':
      case '--output':
        args.output = value();
        break;
      case '--params-only':
        args.paramsOnly = true;
        break;
      case '--config':
        args.config = value();
        break;
      default:
        directory(args, arg);
    }
  });
  if (!args.engine) throw new UsageError('policy admission needs --engine vap or --engine kyverno');
  return args;
}

/** Reads DIR into a workspace and analyses it (with --config standing in for its config file). */
export function analyzeDirectory(dir: string, config?: string): AnalysisResult {
  const root = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`directory not found: ${dir}`);
  }
  if (!isDir) throw new UsageError(`not a directory: ${dir}`);
  let configText: string | undefined;
  if (config !== undefined) {
    try {
      configText = readFileSync(config, 'utf8');
    } catch {
      throw new UsageError(`cannot read config file: ${config}`);
    }
  }
  const ws = new Workspace({ workspaceName: basename(root) });
  for (const f of walkFolderSync(root).files) {
    if (configText === undefined || !CONFIG_FILES.includes(f.path)) ws.setFile(f.path, f.text);
  }
  if (configText !== undefined) ws.setFile(CONFIG_FILES[0]!, configText);
  const result = ws.analyze();
  const configError = result.notices.find((n) => n.severity === 'error' && CONFIG_FILES.includes(n.file));
  if (configError) {
    const shown = config ?? configError.file;
    throw new UsageError(`invalid config ${shown}${configError.range ? `:${configError.range.start.line + 1}` : ''}: ${configError.message}`);
  }
  return result;
}

/** The policy `admission` writes for these arguments (also how docs/admission/ examples are made). */
export function buildAdmission(args: AdmissionArgs): AdmissionOutput {
  const result = analyzeDirectory(args.dir, args.config);
  return generateAdmissionPolicy(
    {
      report: result.report,
      ...(result.config.policy ? { policy: result.config.policy } : {}),
      provenance: {
        tool: `secret-surface ${VERSION}`,
        workspace: basename(resolve(args.dir)) + '/',
        ...(args.config ?? result.config.file ? { config: args.config ?? result.config.file! } : {}),
      },
    },
    { engine: args.engine!, ...(args.mode ? { mode: args.mode } : {}), paramsOnly: args.paramsOnly },
  );
}

function admissionMain(argv: string[], io: PolicyIo): number {
  const args = parseAdmissionArgs(argv);
  const out = buildAdmission(args);
  for (const m of out.messages) io.stderr(`secret-surface: ${m.severity}: ${m.message}\n`);
  if (out.messages.some((m) => m.severity === 'error')) return 2;
  if (args.output) {
    try {
      writeFileSync(args.output, out.yaml);
    } catch (err) {
      throw new UsageError(`cannot write ${args.output}: ${(err as Error).message}`);
    }
    io.stderr(`secret-surface: wrote ${out.objects.length} objects (${args.engine}, mode ${out.mode}) to ${args.output}\n`);
  } else io.stdout(out.yaml);
  return 0;
}

/** The generated examples in docs/admission/, from the bundled example workspace. */
export const ADMISSION_EXAMPLES: { file: string; render(): string }[] = (['vap', 'kyverno'] as const).map((engine) => ({
  file: `docs/admission/${engine}.yaml`,
  render: () => buildAdmission({ dir: 'examples', engine, paramsOnly: false }).yaml,
}));
