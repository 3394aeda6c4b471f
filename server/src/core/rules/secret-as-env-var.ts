// Rule secret-as-env-var: a Secret is injected as an environment variable.
import { relatedFor, yamlFinding, defineRule } from './rule.js';
import { containerPhrase } from './phrases.js';

export const secretAsEnvVar = defineRule({
  id: 'secret-as-env-var',
  defaultSeverity: 'info',
  docs: {
    summary: 'A Secret is injected as an environment variable.',
    what:
      'Reports every env entry that reads a Secret through `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`. ' +
      'The finding sits on the `secretKeyRef` / `secretRef` itself, where the quick fix is offered.',
    why:
      'Environment variables leak more easily than files: they are inherited by every child process, printed by ' +
      'crash reporters and debug endpoints, visible in `/proc/<pid>/environ`, and they never rotate without a ' +
      'restart. A file on a read-only volume can be rotated and is read only when needed.',
    example: '```yaml\n    env:\n      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: { name: db, key: password }\n```',
    instead:
      'Mount the Secret as a read-only file (a `secret` or Secrets Store CSI volume) and point the app at it, e.g. ' +
      '`DB_PASSWORD_FILE=/var/run/secrets/db/password`.',
  },
  check(ctx) {
    const out = [];
    for (const e of ctx.exposures) {
      // One finding per env entry, on its `secretKeyRef` / `secretRef`, so the fix is offered where the Secret is read.
      for (const s of e.secrets) {
        if (s.channel !== 'env' && s.channel !== 'envFrom') continue;
        const what =
          s.channel === 'env'
            ? `Secret "${s.secretName}"${s.key ? ` key ${s.key}` : ''} as env var ${s.envName ?? '?'}`
            : `All keys of Secret "${s.secretName}" as env vars${s.envName ? ` (prefix ${s.envName})` : ''}`;
        const f = yamlFinding(this.id, e, `${what} — ${containerPhrase(e)}; a mounted file leaks less`, relatedFor({ ...e, secrets: [s], link: undefined }, []), {
          deliveries: [{ channel: s.channel, secret: s.secretName, env: s.envName, key: s.key }],
        });
        // About the delivery, not the image: what decided the image is the tool findings' business.
        delete f.decidedBy;
        out.push(s.refLocation ? { ...f, location: s.refLocation } : f);
      }
    }
    return out;
  },
});
