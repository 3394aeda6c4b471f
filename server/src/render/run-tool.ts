// Runs one renderer process, bounded: a timeout after which its whole process group is killed, a cap on
// the bytes it may print, a cancellation signal, and an environment holding only what it needs. Nothing
// it started is left running when the promise settles.
// child_process is imported on the first run: a scan with no chart or overlay never loads it.

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export type RunResult =
  | { kind: 'ok'; stdout: string; stderr: string; millis: number }
  | { kind: 'exit'; code: number | null; signal: string | null; stdout: string; stderr: string; millis: number }
  | { kind: 'timeout'; millis: number }
  | { kind: 'too-large'; bytes: number; millis: number }
  | { kind: 'cancelled'; millis: number }
  | { kind: 'spawn-error'; message: string; code?: string };

const STDERR_CAP = 64 * 1024;

export async function runTool(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    let settled = false;
    let child;
    try {
      // detached: the tool leads its own process group, so a kill reaches anything it started too.
      child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    } catch (err) {
      resolve({ kind: 'spawn-error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    const err: Buffer[] = [];
    let errBytes = 0;
    let ending: RunResult | undefined;
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const stop = (r: RunResult) => {
      if (ending) return;
      ending = r;
      kill();
    };
    const timer = setTimeout(() => stop({ kind: 'timeout', millis: Date.now() - started }), options.timeoutMs);
    const onAbort = () => stop({ kind: 'cancelled', millis: Date.now() - started });
    if (options.signal) {
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
    child.stdout.on('data', (b: Buffer) => {
      if (ending) return;
      outBytes += b.length;
      if (outBytes > options.maxOutputBytes) {
        out.length = 0;
        stop({ kind: 'too-large', bytes: outBytes, millis: Date.now() - started });
        return;
      }
      out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes < STDERR_CAP) err.push(b);
      errBytes += b.length;
    });
    const finish = (r: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // The tool may have exited while something it started still runs: end the group either way.
      kill();
      resolve(r);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      const r: RunResult = { kind: 'spawn-error', message: e.message };
      if (e.code) r.code = e.code;
      finish(r);
    });
    child.on('close', (code, signal) => {
      const millis = Date.now() - started;
      if (ending) return finish(ending.kind === 'spawn-error' ? ending : { ...ending, millis } as RunResult);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8').slice(0, STDERR_CAP);
      finish(code === 0 ? { kind: 'ok', stdout, stderr, millis } : { kind: 'exit', code, signal, stdout, stderr, millis });
    });
  });
}
