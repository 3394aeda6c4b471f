// Rule shell-form-without-shell: a shell-form instruction or a `sh -c` command in an image with no shell.
import { hasShell } from '../exposure.js';
import type { Finding, ImageFacts } from '../model.js';
import { isShell } from '../catalog/tools.js';
import { yamlFinding, defineRule, type ShellFormData } from './rule.js';
import { containerPhrase, displayImage, shortCommand } from './phrases.js';

/** Only a fully known image can be said to have no shell. */
export function knownShellFree(image: ImageFacts): boolean {
  return image.source !== 'unknown' && !image.unresolved && !hasShell(image);
}

export const shellFormWithoutShell = defineRule({
  id: 'shell-form-without-shell',
  defaultSeverity: 'error',
  docs: {
    summary: 'A shell-form CMD/ENTRYPOINT/RUN/HEALTHCHECK, or a `sh -c` command or probe, in an image with no shell.',
    what:
      'Reports Dockerfile instructions in shell form (`CMD node server.js`, `HEALTHCHECK CMD curl …`, `RUN …` in the ' +
      'final stage) when the image they run in has no shell, and Kubernetes exec probes, lifecycle hooks or commands ' +
      'that call `sh -c` in a container whose image has no shell.',
    why:
      'Shell form is run as `/bin/sh -c "…"`. In a distroless or scratch image there is no /bin/sh, so the container ' +
      'fails to start, the health check always fails, or the probe kills a healthy pod — typically right after ' +
      'someone hardened the image.',
    example: '```dockerfile\nFROM gcr.io/distroless/nodejs22-debian13\nCMD node server.js\n```',
    instead:
      'Use exec form: `CMD ["server.js"]` (distroless language images bring their own entrypoint), ' +
      '`HEALTHCHECK CMD ["/app/healthcheck"]`; in Kubernetes use `httpGet`, `tcpSocket` or `grpc` probes.',
  },
  check(ctx) {
    const out: Omit<Finding, 'severity'>[] = [];
    for (const built of ctx.dockerImages) {
      if (!knownShellFree(built.facts)) continue;
      for (const c of built.facts.commands) {
        if (c.form !== 'shell') continue;
        out.push({
          rule: this.id,
          message:
            `${c.instruction} in shell form needs /bin/sh, which ${displayImage(built.facts.baseImage ?? 'the final stage')} lacks — ` +
            `"${shortCommand(c.text)}" fails at ${c.instruction === 'RUN' ? 'build' : 'run'} time. Use exec form (a JSON array).`,
          location: c.location,
          related: [],
          data: { instruction: c.instruction, side: 'dockerfile' } satisfies ShellFormData,
        });
      }
    }
    for (const e of ctx.exposures) {
      if (!knownShellFree(e.image)) continue;
      for (const h of e.container.execHandlers) {
        if (!h.needsShell) continue;
        out.push(
          yamlFinding(
            this.id,
            e,
            `${h.site} runs "${shortCommand(h.command.join(' '))}" but ${displayImage(e.container.image)} has no shell — ` +
              `it always fails (${containerPhrase(e)}); use httpGet, tcpSocket or grpc`,
            [{ location: h.location, message: `${h.site} exec command` }],
            { site: h.site },
          ),
        );
      }
      const cmd = e.container.command ?? e.container.args;
      if (cmd && cmd.length > 0 && isShell(cmd[0]!)) {
        out.push(
          yamlFinding(
            this.id,
            e,
            `Command "${shortCommand(cmd.join(' '))}" needs a shell ${displayImage(e.container.image)} lacks — ` +
              `${containerPhrase(e)} cannot start.`,
            [],
            { site: 'command' },
          ),
        );
      }
    }
    return out;
  },
});
