// The fix catalog: every fix in order of value (the order code actions are offered in). FIX_IDS and
// docs/fixes.md come from this array; a test fails when the page is stale or a fix has no golden.
import { execForm } from './exec-form.js';
import { shellFreeSibling } from './shell-free-sibling.js';
import { automountTokenOff } from './automount-token.js';
import { execProbeToHttp } from './exec-probe.js';
import { dropNetworkClients } from './drop-network-clients.js';
import { envSecretToFile, secretVolumeToCsi } from './secret-store.js';
import { hardenFinalStage } from './harden-final-stage.js';
import { externalSecretRefresh } from './rotation-refresh.js';
import { ignoreByAnnotation, ignoreByComment } from './suppress.js';

export const fixes = [
  execForm,
  shellFreeSibling,
  automountTokenOff,
  execProbeToHttp,
  dropNetworkClients,
  secretVolumeToCsi,
  envSecretToFile,
  hardenFinalStage,
  externalSecretRefresh,
  // Last: they silence a finding instead of fixing it.
  ignoreByAnnotation,
  ignoreByComment,
] as const;

/** The id of a fix in the catalog. */
export type FixId = (typeof fixes)[number]['id'];

export const FIX_IDS: readonly FixId[] = fixes.map((f) => f.id);
