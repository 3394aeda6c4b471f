// Tiltfile → docker_build(...) links.
import { readTiltfile } from '../tiltfile.js';
import type { LinkSourceModule } from './types.js';

export const tiltSource: LinkSourceModule<'tilt'> = {
  id: 'tilt',
  rank: 30,
  matches: (_path, name) => name === 'Tiltfile',
  read: (file, text) => readTiltfile(file, text),
  watch: ['**/Tiltfile'],
};
