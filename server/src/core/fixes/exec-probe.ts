// Fix exec-probe-to-http: a `sh -c "curl http://localhost:8080/healthz"` probe (or hook) in an image with
// no shell becomes an httpGet (or, for `nc -z`, a tcpSocket) handler on a port the container declares;
// anything else gets a clear note instead of a guess.
import type { ContainerPort, ExecHandler } from '../model.js';
import { ManifestSource, shellScriptIndex } from '../kubernetes/index.js';
import type { FixContext } from './context.js';
import type { Fix } from './types.js';
import { YamlEditor, type YamlValue } from './yaml-edit.js';

import { shellFormWithoutShell } from '../rules/shell-form-without-shell.js';
import { shellFormData } from '../rules/index.js';
import { defineFix } from './fix.js';

export const execProbeToHttp = defineFix({
  id: 'exec-probe-to-http',
  title: 'Turn a `sh -c` probe or hook into httpGet / tcpSocket',
  resolves: [shellFormWithoutShell.id],
  docs: {
    scope: 'probes, hooks',
    safe: 'yes',
    example: '`exec: {command: [sh, -c, "curl -f http://localhost:8080/healthz"]}` → `httpGet: {path: /healthz, port: 8080}`; `nc -z localhost 5432` → `tcpSocket`; anything else: a note',
  },
  offer: execProbeFixes,
});
const LOCAL = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '::1']);

export type Handler = { kind: 'httpGet' | 'tcpSocket'; value: Record<string, YamlValue>; summary: string };

/** The httpGet/tcpSocket equivalent of an exec command, or why there is none. */
export function handlerFor(h: Pick<ExecHandler, 'command' | 'site'>, ports: readonly ContainerPort[]): Handler | { reason: string } {
  const cmd = h.command;
  const si = shellScriptIndex(cmd);
  const script = si >= 0 ? cmd[si]! : cmd.join(' ');
  // `|| exit 1` and output redirects change nothing for a probe: its exit status is what counts.
  const first = script
    .replace(/\s*\|\|\s*(exit\s+1|false)\s*$/, '')
    .replace(/\s[12]?>\s*\/dev\/null/g, ' ')
    .replace(/\s2>&1/g, ' ')
    .trim();
  if (/[|&;`$<>]/.test(first)) return { reason: `the ${h.site} runs "${script}", which does more than one HTTP or TCP check` };
  const words = first.split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
  const tool = words[0]!.replace(/^.*\//, '');
  const declared = (port: number) => ports.find((p) => p.containerPort === port && p.protocol.toUpperCase() === 'TCP');
  if (tool === 'curl' || tool === 'wget') {
    if (words.some((w) => w === '-H' || w.startsWith('--header') || w === '-X' || w === '-d' || w.startsWith('--data') || w.startsWith('--post'))) {
      return { reason: `the ${h.site} sends headers or a request body with ${tool}: write the httpGet handler (httpHeaders) by hand` };
    }
    const url = words.find((w) => /^https?:\/\//i.test(w));
    if (!url) return { reason: `no URL found in "${first}"` };
    const m = /^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)/i.exec(url);
    if (!m) return { reason: `cannot read the URL ${url}` };
    const scheme = m[1]!.toUpperCase();
    const host = m[2]!;
    if (!LOCAL.has(host)) return { reason: `the ${h.site} calls ${host}, not the container itself; an httpGet handler checks the pod's own address` };
    const port = m[3] ? Number(m[3]) : scheme === 'HTTPS' ? 443 : 80;
    const p = declared(port);
    if (!p) return { reason: `the container declares no port ${port}: add it to ports (or fix the URL) first` };
    const value: Record<string, YamlValue> = { path: m[4] || '/', port: p.containerPort };
    if (scheme === 'HTTPS') value['scheme'] = 'HTTPS';
    return { kind: 'httpGet', value, summary: `httpGet ${m[4] || '/'} on port ${p.containerPort}${scheme === 'HTTPS' ? ' (HTTPS)' : ''}` };
  }
  if (tool === 'nc' || tool === 'ncat' || tool === 'netcat') {
    const args = words.slice(1).filter((w) => !w.startsWith('-'));
    if (!words.includes('-z') || args.length !== 2) return { reason: `the ${h.site} runs "${first}", which is not a plain port check (nc -z host port)` };
    if (!LOCAL.has(args[0]!)) return { reason: `the ${h.site} checks ${args[0]}, not the container itself` };
    const port = Number(args[1]);
    const p = Number.isInteger(port) ? declared(port) : undefined;
    if (!p) return { reason: `the container declares no port ${args[1]}` };
    if (h.site === 'postStart' || h.site === 'preStop') return { reason: 'lifecycle hooks cannot use tcpSocket' };
    return { kind: 'tcpSocket', value: { port: p.containerPort }, summary: `tcpSocket on port ${p.containerPort}` };
  }
  return { reason: `the ${h.site} runs "${first}": only curl/wget HTTP checks and nc -z port checks map onto httpGet/tcpSocket; use a grpc handler or a binary the image has` };
}

/** The edit that swaps the handler's `exec:` for the equivalent, in the manifest's own style. */
export function handlerEdit(src: ManifestSource, h: ExecHandler, handler: Handler) {
  const layout = src.mapping(h.handlerLocation);
  const entry = layout?.entries.find((e) => e.key === 'exec');
  if (!layout || !entry) return undefined;
  return new YamlEditor(src).replaceEntry(layout, entry, handler.kind, handler.value);
}

function execProbeFixes(ctx: FixContext): Fix[] {
  const e = ctx.exposure;
  const site = shellFormData(ctx.finding).site ?? '';
  if (!e || !site) return [];
  const base = { id: execProbeToHttp.id, rules: [...execProbeToHttp.resolves], safe: false, isPreferred: false, edits: [] as Fix['edits'] };
  if (site === 'command') {
    return [{ ...base, title: 'Cannot rewrite the container command', unavailable: 'The container starts a shell: give command/args the app binary itself (exec form), or keep a shell in the image.' }];
  }
  const h = e.container.execHandlers.find((x) => x.site === site && x.needsShell);
  const text = ctx.ws.text(e.file);
  if (!h || text === undefined) return [];
  const r = handlerFor(h, e.container.ports);
  if ('reason' in r) return [{ ...base, title: `Cannot replace the ${site} exec command`, unavailable: `${r.reason}.` }];
  const edit = handlerEdit(new ManifestSource(e.file, text), h, r);
  if (!edit) return [];
  return [
    {
      ...base,
      title: `Replace the ${site} "${h.command.join(' ')}" with ${r.summary}`,
      // The exec handler can never run in this image, so the swap only makes a failing check work.
      safe: true,
      isPreferred: true,
      edits: [{ kind: 'edit', file: e.file, edits: [edit] }],
    },
  ];
}
