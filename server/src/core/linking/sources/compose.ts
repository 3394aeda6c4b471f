// compose.yaml, docker-compose.yaml and their `compose.<env>.yaml` variants → service build links.
import { readCompose } from '../compose.js';
import type { LinkSourceModule } from './types.js';

export const composeSource: LinkSourceModule<'compose'> = {
  id: 'compose',
  rank: 20,
  matches: (_path, name) => /^(docker-)?compose\.ya?ml$/.test(name) || /^(docker-)?compose\.[^/]+\.ya?ml$/.test(name),
  read: (file, text, options) => readCompose(file, text, options),
  // Compose files are YAML (watched already); the `.env` beside them sets the variables they interpolate.
  watch: ['**/.env'],
};
