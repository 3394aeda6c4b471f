// The rule catalog: every rule, in the order findings are reported and documented. Rule ids are
// literal types, so `RuleId` names exactly these rules and a renamed id is a compile error wherever
// a fix or a setting refers to it.
import { secretInShellImage } from './secret-in-shell-image.js';
import { secretInNetworkClientImage } from './secret-in-network-client-image.js';
import { secretInInterpreterImage } from './secret-in-interpreter-image.js';
import { tokenAutomountInUnhardenedImage } from './token-automount-in-unhardened-image.js';
import { secretImageUnverified } from './secret-image-unverified.js';
import { secretAsEnvVar } from './secret-as-env-var.js';
import { secretVolumeNotCsi } from './secret-volume-not-csi.js';
import { shellFormWithoutShell } from './shell-form-without-shell.js';
import { secretRotationTooSlow } from './secret-rotation-too-slow.js';

export const rules = [
  secretInShellImage,
  secretInNetworkClientImage,
  secretInInterpreterImage,
  tokenAutomountInUnhardenedImage,
  secretImageUnverified,
  secretAsEnvVar,
  secretVolumeNotCsi,
  shellFormWithoutShell,
  secretRotationTooSlow,
] as const;

/** The id of a product rule. */
export type RuleId = (typeof rules)[number]['id'];

export const ruleIds: readonly RuleId[] = rules.map((r) => r.id);

export type { RuleDef, RuleContext, RuleDocs, ToolFindingData, ShellFormData } from './rule.js';
export { ruleDocUrl, toolFindingData, shellFormData } from './rule.js';
