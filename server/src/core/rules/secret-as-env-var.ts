// Rule secret-as-env-var: a Secret is injected as an environment variable.
import { containerLabel, describeDelivery, relatedFor, yamlFinding, defineRule } from './rule.js';

export const secretAsEnvVar = defineRule({
  id: 'secret-as-env-var',
  defaultSeverity: 'info',
  docs: {
    summary: 'A Secret is injected as an environment variable.',
    what: 'Reports containers that read a Secret through `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`.',
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
      const env = e.secrets.filter((s) => s.channel === 'env' || s.channel === 'envFrom');
      if (env.length === 0) continue;
      out.push(
        yamlFinding(
          this.id,
          e,
          `${containerLabel(e)} gets Secrets as environment variables: ${env.map(describeDelivery).join('; ')}.`,
          relatedFor({ ...e, secrets: env }, []),
          { deliveries: env.map((s) => ({ channel: s.channel, secret: s.secretName, env: s.envName, key: s.key })) },
        ),
      );
    }
    return out;
  },
});
