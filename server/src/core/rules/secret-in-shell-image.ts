// Rule secret-in-shell-image: a container receives a Secret and its image has a shell.
import { toolsOf } from '../exposure.js';
import { defineRule } from './rule.js';
import { checkToolRule } from './tool-rule.js';

const spec = { id: 'secret-in-shell-image' as const, noun: 'a shell', label: 'Shell', select: (i: Parameters<typeof toolsOf>[0]) => toolsOf(i, 'shell') };

export const secretInShellImage = defineRule({
  id: spec.id,
  defaultSeverity: 'error',
  docs: {
    summary: 'A container receives a Secret and its image has a shell.',
    what:
      'Reports every container that receives at least one Secret (env var, envFrom, secret/projected/CSI volume) while ' +
      'its image contains a shell (`sh`, `bash`, `ash`, busybox). The finding sits on the container\'s `image:` value; ' +
      'a matching finding sits on the Dockerfile line (FROM or RUN) that brought the shell in. In an editor, this ' +
      'rule\'s finding and those of `secret-in-network-client-image` and `secret-in-interpreter-image` at one place ' +
      'appear as one problem (see [How findings appear](README.md#how-findings-appear)). ' +
      'A tool the catalog only *may* hold (its sources do not confirm it, or a digest without a tag may name a variant ' +
      'without it) is reported as "may have", one severity below the rule\'s (error → warning); in JSON and SARIF the ' +
      'finding carries `certainty: unverified`.',
    why:
      'Anyone who gets code execution in the container — a deserialisation bug, an SSRF to a debug endpoint, ' +
      '`kubectl exec` with stolen credentials — reads the Secrets the way the app does: `env`, ' +
      '`cat /var/run/secrets/...`. A shell turns one bug into an interactive foothold. An image without one ' +
      'raises the bar: the attacker must bring their own tools.',
    example:
      '```yaml\ncontainers:\n  - name: api\n    image: node:20          # has bash and dash\n    env:\n      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: { name: db, key: password }\n```',
    instead:
      'Build the final stage FROM a shell-free image (`gcr.io/distroless/nodejs22-debian13`, ' +
      '`gcr.io/distroless/static-debian13:nonroot`, a `-chiseled` .NET image) and copy the app in:\n\n' +
      '```dockerfile\nFROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n\n' +
      'FROM gcr.io/distroless/nodejs22-debian13:nonroot\nWORKDIR /app\nCOPY --from=build /app /app\nCMD ["server.js"]\n```',
  },
  check: (ctx) => checkToolRule(spec, ctx),
});
