// Command-line argument reading shared by every command: `--flag value` and `--flag=value`, the one
// directory argument, and the options several commands take.
import type { Severity } from '../core/model.js';

/**
 * A mistake in how the command was called, or an input it cannot use: one line on stderr, exit
 * code 2. `showUsage` adds the usage line, for mistakes in the arguments themselves (an unknown
 * option, a missing value), not for a directory that is missing or a config file that is invalid.
 */
export class UsageError extends Error {
  readonly showUsage: boolean;

  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.showUsage = options.showUsage ?? false;
  }
}

/** An argument mistake: the message and the usage line. */
export function argumentError(message: string): UsageError {
  return new UsageError(message, { showUsage: true });
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'policyreport' | 'openreports' | 'html' | 'markdown';
export type FailOn = Severity | 'never';

/** Calls `on` for each argument; `value()` takes the option's value (inline or the next argument). */
export function eachArg(argv: readonly string[], on: (flag: string, value: () => string, arg: string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    on(flag, () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw argumentError(`${flag} needs a value`);
      return v;
    }, arg);
  }
}

/**
 * The reader of a command's one directory argument (`verb`: "scanned", "read"): anything else that
 * looks like an option, or a second directory, is an argument mistake.
 */
export function directoryArgument(verb: string): (args: { dir: string }, arg: string) => void {
  let seen = false;
  return (args, arg) => {
    if (arg.startsWith('-')) throw argumentError(`unknown option ${arg}`);
    if (seen) throw new UsageError(`only one directory can be ${verb}, got "${args.dir}" and "${arg}"`);
    args.dir = arg;
    seen = true;
  };
}

export function parseFormat(v: string): OutputFormat {
  const formats: readonly OutputFormat[] = ['text', 'json', 'sarif', 'policyreport', 'openreports', 'html', 'markdown'];
  if (!formats.includes(v as OutputFormat)) throw argumentError(`--format must be ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}, not "${v}"`);
  return v as OutputFormat;
}

export function parseFailOn(v: string): FailOn {
  if (v !== 'error' && v !== 'warning' && v !== 'info' && v !== 'never') throw argumentError(`--fail-on must be error, warning, info or never, not "${v}"`);
  return v;
}
