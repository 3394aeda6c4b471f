// Which source decided what an image holds, in one line a finding carries ("decided by"): the workspace
// Dockerfile (and what decided its base), the registry at a digest, a catalog entry with its sources, or
// nothing — and then what would decide it.
import type { ImageFacts, ImageLink } from './model.js';

export function decidedBy(image: ImageFacts, link?: ImageLink): string {
  switch (image.source) {
    case 'dockerfile': {
      const file = image.stage?.file ?? link?.dockerfile ?? 'a workspace Dockerfile';
      const stage = image.stage && image.stage.index > 0 ? ` (stage ${image.stage.index})` : '';
      const linked = link ? `, linked by ${link.source}` : '';
      return `the Dockerfile ${file}${stage}${linked}; its base ${baseDecision(image)}`;
    }
    case 'registry':
      return `the registry${registryDetail(image)}`;
    case 'catalog':
      return catalogDetail(image);
    case 'unknown':
      return `nothing: ${image.unresolved ?? 'no Dockerfile, registry answer or catalog entry'}`;
  }
}

function baseDecision(image: ImageFacts): string {
  const base = image.baseImage ?? '?';
  if (base === 'scratch') return 'scratch (empty)';
  if (image.catalog) return `${base} by ${catalogDetail(image)}`;
  if (image.registry) return `${base} by the registry${registryDetail(image)}`;
  return `${base} is unknown (${image.unresolved ?? 'the catalog does not know it'})`;
}

function registryDetail(image: ImageFacts): string {
  const r = image.registry;
  if (!r) return '';
  return ` at ${r.digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…')}${r.platform ? ` (${r.platform})` : ''}`;
}

function catalogDetail(image: ImageFacts): string {
  const c = image.catalog;
  if (!c) return 'the catalog';
  const sources = c.userDefined ? ' (.secret-surface.yaml catalog)' : c.sources?.length ? ` (sources: ${c.sources.join(', ')})` : '';
  return `the catalog entry ${c.id}${sources}`;
}
