// The `charts:` section of `.secret-surface.yaml`: how `helm template` renders each chart (release name,
// namespace, value files resolved against the config file's directory). Read by hand like the rest of the file.
import type { Node } from 'yaml';
import { dirOf, isAbsolutePath, joinPath } from '../paths.js';
import { entries, isMap, isSeq, nodeLocation } from '../yaml/index.js';
import type { Checker } from './checker.js';

/** A `charts:` entry: how `helm template` renders that chart. */
export interface ChartConfig {
  release?: string;
  namespace?: string;
  /** Workspace-relative value files (resolved against the config file's directory), after the chart's values.yaml. */
  values?: string[];
}

const CHART_KEYS = ['release', 'namespace', 'values'];

export function readCharts(c: Checker, file: string, node: Node | undefined, config: { charts: Record<string, ChartConfig> }): void {
  if (!isMap(node)) {
    c.error(node, '`charts` must be a mapping of chart directory → { release, namespace, values }');
    return;
  }
  const base = dirOf(file);
  for (const e of entries(node, c.doc)) {
    if (!isMap(e.value)) {
      c.error(e.value ?? (e.pair.key as Node), `the chart entry ${JSON.stringify(e.key)} must be a mapping ({ release, namespace, values })`);
      continue;
    }
    const entry: ChartConfig = {};
    for (const f of entries(e.value, c.doc)) {
      if (f.key === 'release' || f.key === 'namespace') {
        const v = c.string(f.value, `charts.${e.key}.${f.key}`);
        if (v !== undefined) entry[f.key] = v;
      } else if (f.key === 'values') {
        if (!isSeq(f.value)) {
          c.error(f.value, `charts.${e.key}.values must be a list of value files`);
          continue;
        }
        const values: string[] = [];
        for (const item of f.value.items as (Node | undefined)[]) {
          const v = c.string(item, 'a value file');
          if (v !== undefined) values.push(isAbsolutePath(v) ? v : joinPath(base, v));
        }
        entry.values = values;
      } else c.unknownKey(nodeLocation(f.keyNode, c.doc), f.key, `the chart entry ${JSON.stringify(e.key)}`, CHART_KEYS);
    }
    config.charts[joinPath(base, e.key)] = entry;
  }
}
