// `secret-surface policy <kind>`: policies generated from the analysis, one subcommand per kind. Each kind's
// module parses its own options and writes YAML (stdout, or -o FILE); usage errors exit 2 like `scan`.
import { POLICY_RUNTIME_USAGE, policyRuntimeMain } from './policy-runtime.js';
import { POLICY_ADMISSION_USAGE, policyAdmissionMain } from './policy-admission.js';
import { UsageError } from './args.js';

export const POLICY_USAGE = `${POLICY_ADMISSION_USAGE}\n${POLICY_RUNTIME_USAGE}`;

const KINDS: Record<string, (argv: string[]) => number> = {
  admission: policyAdmissionMain,
  runtime: policyRuntimeMain,
};

export function policyMain(argv: string[]): number {
  const [kind, ...rest] = argv;
  const run = kind !== undefined ? KINDS[kind] : undefined;
  if (!run || !Object.prototype.hasOwnProperty.call(KINDS, kind!)) {
    const known = Object.keys(KINDS).join(', ');
    throw new UsageError(kind ? `unknown policy kind "${kind}" (one of: ${known})` : `missing policy kind (one of: ${known})`);
  }
  return run(rest);
}
