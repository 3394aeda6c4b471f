// Rule token-automount-in-unhardened-image: the service-account token is mounted into a container
// whose image has a shell or a network client.
import { toolsOf } from '../exposure.js';
import type { RelatedInfo } from '../model.js';
import { relatedFor, yamlFinding, defineRule } from './rule.js';
import { containerPhrase, imageLabel, toolList } from './phrases.js';

export const tokenAutomountInUnhardenedImage = defineRule({
  id: 'token-automount-in-unhardened-image',
  defaultSeverity: 'warning',
  docs: {
    summary: 'The service-account token is auto-mounted and the image has a shell or a network client.',
    what:
      'Reports containers whose pod gets the service-account token at /var/run/secrets/kubernetes.io/serviceaccount ' +
      '(the pod does not set `automountServiceAccountToken: false`, nor does its ServiceAccount) while the image has ' +
      'a shell or a network client. The decision is taken from the pod spec, else the ServiceAccount object in the ' +
      'workspace (same namespace), else the Kubernetes default, which mounts the token.',
    why:
      'The token is a credential for the API server. With a shell and curl in the image, one code-execution bug ' +
      'becomes `curl -H "Authorization: Bearer $(cat token)" https://kubernetes.default/...` — as far as the ' +
      'ServiceAccount\'s RBAC reaches. Most apps never talk to the API server and need no token at all.',
    example: '```yaml\nspec:\n  serviceAccountName: default   # token mounted by default\n  containers:\n    - name: web\n      image: nginx:1.27\n```',
    instead:
      'Set `automountServiceAccountToken: false` on the pod spec (or on the ServiceAccount when no workload using it ' +
      'needs the token). Apps that do call the API server should get a projected, audience-bound, short-lived token ' +
      'and run from a shell-free image.',
  },
  check(ctx) {
    const out = [];
    for (const e of ctx.exposures) {
      if (!e.token.mounted) continue;
      // Network clients first: with the token they are what reaches the API server.
      const tools = [...toolsOf(e.image, 'network'), ...toolsOf(e.image, 'shell')];
      if (tools.length === 0) continue;
      const why =
        e.token.reason === 'pod'
          ? 'the pod sets automountServiceAccountToken: true'
          : e.token.reason === 'service-account'
            ? `ServiceAccount "${e.token.serviceAccountName}" sets automountServiceAccountToken: true`
            : `ServiceAccount "${e.token.serviceAccountName}" does not turn it off`;
      const related: RelatedInfo[] = relatedFor({ ...e, secrets: [] }, tools);
      related.unshift({ location: e.token.location ?? e.workload.podSpecLocation, message: `token mounted: ${why}` });
      out.push(
        yamlFinding(
          this.id,
          e,
          `Service-account token mounted with ${toolList(tools)} in ${imageLabel(e)} — ${containerPhrase(e)}`,
          related,
          { serviceAccount: e.token.serviceAccountName, namespace: e.workload.ref.namespace, reason: e.token.reason },
        ),
      );
    }
    return out;
  },
});
