// The Kubernetes side of the core: manifest text → workload, container and Secret-delivery facts
// with source ranges, plus the cross-object decisions (token mount, SecretProviderClass links).
export { parseManifest, type ParseManifestOptions } from './parse-manifest.js';
export { ChunkedManifestParser, readManifest, splitDocuments } from './chunked.js';
export { resolveToken, findProviderClass, linkProviderClasses } from './token-and-links.js';
export { needsShell, shellScriptIndex } from './exec-command.js';
export {
  ALL_RULES,
  IGNORE_ANNOTATION,
  IGNORE_COMMENT,
  isSuppressed,
  parseRuleList,
} from './suppression.js';
export { WORKLOAD_KINDS, SECRET_PROVIDER_CLASS_GROUP, apiGroup } from './objects.js';
export { CSI_SECRETS_DRIVER } from './containers.js';
export { ManifestSource, type Found, type MappingEntry, type MappingLayout } from './locate.js';
export { findHelmTemplate } from './input-guards.js';
export type {
  ManifestFacts,
  WorkloadFacts,
  ContainerFacts,
  SecretDelivery,
  ServiceAccountFacts,
  SecretProviderClassFacts,
  TokenFacts,
  ExecHandler,
} from '../model.js';
