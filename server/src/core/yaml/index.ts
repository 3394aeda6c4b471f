// Public surface of the YAML reader shared by manifests, build configs, the config file and fixes.
export * from './nodes.js';
export { parseYamlFile, type YamlFile } from './file.js';
export { readYamlValue, writeYamlDocument, writeYamlList } from './plain.js';
