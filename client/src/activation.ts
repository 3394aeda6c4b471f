// Whether a workspace has anything Secret Surface analyses, decided before the language server is
// started: a Dockerfile or Containerfile, a file with a name only Kubernetes tooling uses (Chart.yaml,
// kustomization, skaffold, compose, the project config), or a YAML file that reads like a Kubernetes
// object (a top-level `apiVersion:` and `kind:`). A repository with only a CI workflow and mkdocs.yml
// has none, so the server never starts there and the views stay hidden. Checks read at most the first
// few KiB of a bounded number of files.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';

/** Names that by themselves say "something to analyse". */
const NAMED: readonly RegExp[] = [
  /(^|\/)(Dockerfile|Containerfile)([.-][^/]*)?$/,
  /\.(dockerfile|containerfile)$/i,
  /(^|\/)Chart\.ya?ml$/,
  /(^|\/)(kustomization\.ya?ml|Kustomization)$/,
  /(^|\/)skaffold(\.[^/]*)?\.ya?ml$/,
  /(^|\/)(docker-)?compose([.-][^/]*)?\.ya?ml$/,
  /(^|\/)\.secret-surface\.ya?ml$/,
];

/** The same names as one search glob (for findFiles). */
export const NAMED_GLOB =
  '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Chart.yaml,Chart.yml,kustomization.yaml,kustomization.yml,Kustomization,skaffold.yaml,skaffold.yml,docker-compose.yaml,docker-compose.yml,compose.yaml,compose.yml,.secret-surface.yaml,.secret-surface.yml}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,.terraform}/**';

/** YAML files looked into, and bytes read from each, when no name decides. */
const YAML_FILES_LOOKED_AT = 200;
const HEAD_BYTES = 8192;

export function isNamedInput(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return NAMED.some((re) => re.test(p));
}

/** A Kubernetes object (or Helm template of one): `apiVersion:` and `kind:` at the start of a line, unindented. */
export function looksLikeKubernetes(text: string): boolean {
  return /^apiVersion:/m.test(text) && /^kind:/m.test(text);
}

/** An open document Secret Surface would analyse: a Dockerfile, a named file, or Kubernetes-shaped YAML. */
export function isAnalysableDocument(doc: { uri: vscode.Uri; languageId: string; getText(): string }): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  if (doc.languageId === 'dockerfile' || isNamedInput(doc.uri.path)) return true;
  return doc.languageId === 'yaml' && looksLikeKubernetes(doc.getText().slice(0, HEAD_BYTES * 8));
}

async function head(path: string): Promise<string> {
  const fh = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * Why the workspace is worth analysing (for the log), or undefined when nothing in it is: open documents
 * first, then a file with a deciding name, then the heads of up to YAML_FILES_LOOKED_AT YAML files.
 */
export async function reasonToStart(): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find(isAnalysableDocument);
  if (open) return `${vscode.workspace.asRelativePath(open.uri)} is open`;
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  const [named] = await vscode.workspace.findFiles(NAMED_GLOB, EXCLUDE_GLOB, 1);
  if (named) return `the workspace has ${vscode.workspace.asRelativePath(named)}`;
  const yaml = await vscode.workspace.findFiles('**/*.{yaml,yml}', EXCLUDE_GLOB, YAML_FILES_LOOKED_AT);
  for (const uri of yaml) {
    if (uri.scheme !== 'file') continue;
    try {
      if (looksLikeKubernetes(await head(uri.fsPath))) return `${vscode.workspace.asRelativePath(uri)} is a Kubernetes manifest`;
    } catch {
      /* unreadable: not a reason */
    }
  }
  return undefined;
}
