// The row the join produces (analysis/join.ts): each container × the Secrets that reach it × what its
// image holds. Rules read these rows and the exposure report is these rows; it sits beside model.ts so
// rules depend on it without depending on the join.
import type {
  ContainerFacts,
  DockerfileFacts,
  FindingVulnerabilities,
  ImageFacts,
  ImageLink,
  SecretDelivery,
  TokenFacts,
  ToolFact,
  WorkloadFacts,
} from './model.js';

export interface Exposure {
  /** The manifest file the workload came from. */
  file: string;
  workload: WorkloadFacts;
  container: ContainerFacts;
  secrets: SecretDelivery[];
  token: TokenFacts;
  /** How the image was tied to a Dockerfile, if it was. */
  link?: ImageLink;
  image: ImageFacts;
  /** CVE counts of the image as written, when a vulnerability report is about it (core/vulns). */
  vulnerabilities?: FindingVulnerabilities;
}

/** Image facts for a Dockerfile (final or target stage), kept with the Dockerfile facts that made them. */
export interface BuiltImage {
  dockerfile: DockerfileFacts;
  target?: string;
  facts: ImageFacts;
}

export function toolsOf(image: ImageFacts, category: ToolFact['category']): ToolFact[] {
  return image.tools.filter((t) => t.category === category);
}

/** Interpreters other than the app's own runtime (node in a Node image is how the app runs). */
export function foreignInterpreters(image: ImageFacts): ToolFact[] {
  const runtime = image.runtime ? normaliseTool(image.runtime) : undefined;
  return toolsOf(image, 'interpreter').filter((t) => normaliseTool(t.tool) !== runtime);
}

function normaliseTool(name: string): string {
  const base = name.replace(/^.*\//, '');
  if (/^python[0-9.]*$/.test(base)) return 'python';
  if (/^(node|nodejs)$/.test(base)) return 'node';
  if (/^(java|jre|jdk)$/.test(base)) return 'java';
  return base;
}

export function hasShell(image: ImageFacts): boolean {
  return image.tools.some((t) => t.category === 'shell');
}
