// skaffold.yaml (and skaffold-*.yaml whose content declares a skaffold config) → build.artifacts links.
import { looksLikeSkaffold, readSkaffold } from '../skaffold.js';
import type { LinkSourceModule } from './types.js';

export const skaffoldSource: LinkSourceModule<'skaffold'> = {
  id: 'skaffold',
  rank: 10,
  matches: (_path, name) => /^skaffold[^/]*\.ya?ml$/.test(name),
  read(file, text) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (name !== 'skaffold.yaml' && name !== 'skaffold.yml' && !looksLikeSkaffold(text)) return { kind: 'none', links: [], notices: [] };
    return readSkaffold(file, text);
  },
  watch: [],
};
