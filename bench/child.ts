// One measured run in a fresh process: `node <script> run ...args`, whose stdout is one JSON object of figures.
// Asynchronous on purpose: a registry's log is piped into the parent, and a parent blocked in spawnSync stops
// reading it, which stalls the registry.
import { spawn } from 'node:child_process';

export async function runChild<T>(script: string, args: readonly string[], what: string): Promise<T> {
  const proc = spawn(process.execPath, [script, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${stderr}`);
  return JSON.parse(stdout) as T;
}
