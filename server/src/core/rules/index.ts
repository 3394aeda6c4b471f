// The rule catalog: every rule, in the order findings are reported and documented.
import type { RuleDef } from './rule.js';
import { secretInShellImage } from './secret-in-shell-image.js';
import { secretInNetworkClientImage } from './secret-in-network-client-image.js';
import { secretInInterpreterImage } from './secret-in-interpreter-image.js';
import { tokenAutomountInUnhardenedImage } from './token-automount-in-unhardened-image.js';
import { secretImageUnverified } from './secret-image-unverified.js';
import { secretAsEnvVar } from './secret-as-env-var.js';
import { secretVolumeNotCsi } from './secret-volume-not-csi.js';
import { shellFormWithoutShell } from './shell-form-without-shell.js';

export const rules: readonly RuleDef[] = [
  secretInShellImage,
  secretInNetworkClientImage,
  secretInInterpreterImage,
  tokenAutomountInUnhardenedImage,
  secretImageUnverified,
  secretAsEnvVar,
  secretVolumeNotCsi,
  shellFormWithoutShell,
];

export const ruleIds: readonly string[] = rules.map((r) => r.id);

export type { RuleDef, RuleContext, RuleDocs } from './rule.js';
export { ruleDocUrl } from './rule.js';
