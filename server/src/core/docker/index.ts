// The Dockerfile side of the core: parse a Dockerfile into stage facts, and decide what an image holds.
export { parseDockerfile } from './parse.js';
export type { ParseDockerfileOptions } from './parse.js';
export { imageFacts, imageFactsFromCatalog, targetStage } from './image-facts.js';
export { splitCommands, parseExecForm } from './shell-words.js';
export type { Word, Command, Separator } from './shell-words.js';
export { substitute } from './variables.js';
