// Public surface of image ↔ Dockerfile linking: per-file readers and the workspace-wide resolver.
export { readBuildConfig, type BuildConfigResult, type ReadBuildConfigOptions } from './read-build-config.js';
export { LINK_SOURCES, LINK_SOURCE_WATCH_GLOBS, linkSourceFor, type LinkSourceModule } from './sources/index.js';
export { classifyFile, isDockerfileName, COMPOSE_ENV_FILE, buildConfigFormat, type FileClass, type BuildConfigFormat } from './classify.js';
export { ImageLinker, LINK_PRECEDENCE, normalise as normaliseImageName, type ImageLinkerInput } from './linker.js';
export { readSkaffold } from './skaffold.js';
export { readCompose, interpolateImage, composeLinks, type ComposeFile, type ComposeEnvFile } from './compose.js';
export { readKustomization } from './kustomize.js';
export { readTiltfile } from './tiltfile.js';
export { joinPath, dirOf } from '../paths.js';
