// kustomization.yaml `images:` → renames (no links of its own, so no rank).
import { readKustomization } from '../kustomize.js';
import type { LinkSourceModule } from './types.js';

export const kustomizeSource: LinkSourceModule<'kustomize'> = {
  id: 'kustomize',
  matches: (_path, name) => name === 'kustomization.yaml' || name === 'kustomization.yml' || name === 'Kustomization',
  read: (file, text) => readKustomization(file, text),
  watch: ['**/Kustomization'],
};
