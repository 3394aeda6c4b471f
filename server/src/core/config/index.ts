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
  type RuleSetting,
  type CsiProvider,
  type ParseConfigOptions,
} from './parse-config.js';
export { compileGlobs, globProblem } from './globs.js';
