// The catalog's public face: image lookup, package → tools, hardened replacements, the tool vocabulary.
export { Catalog, loadCatalog, cleanPackageName } from './catalog.js';
export type { PackageTool } from './catalog.js';
export { parseImageRef, sameRepository } from './image-ref.js';
export { toolName, toolCategory, knownTools, isShell, isBinDir, isBusyboxName, BUSYBOX_APPLETS, BUSYBOX_NETWORK_APPLETS, BUSYBOX_SHELL_APPLETS, type ToolName } from './tools.js';
export type { CatalogData, CatalogImageData, CatalogVersionRange, CatalogMirrorData, CatalogToolData, CatalogReplacementData, PackageData, PackageToolData } from './types.js';
export { renderCatalogDoc } from './docs.js';
