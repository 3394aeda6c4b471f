// Public surface of the project config file (`.secret-surface.yaml`) and exclude globs.
export {
  parseConfig,
  emptyConfig,
  CONFIG_FILE_NAMES,
  CONFIG_VERSION,
  RULE_SETTINGS,
  CSI_PROVIDERS,
  type ProjectConfig,
  type ConfigImage,
  type ChartConfig,
  type RegistryConfig,
  type RuleSetting,
  type CsiProvider,
  type ParseConfigOptions,
} from './parse-config.js';
export { compileGlobs, globProblem } from './globs.js';
export {
  readPolicyConfig,
  defaultPolicyConfig,
  POLICY_MODES,
  VULN_SEVERITIES,
  type PolicyConfig,
  type PolicyMode,
  type PolicyExemptWorkload,
  type VulnSeverity,
} from './policy-config.js';
export { DEFAULT_EXCLUDED_DIRS, isDefaultExcluded, isDefaultExcludedDir } from './default-excludes.js';
