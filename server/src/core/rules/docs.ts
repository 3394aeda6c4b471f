// Rule documentation pages, generated from the rule catalog (docs/rules/<id>.md and its index).
import type { RuleDef } from './rule.js';

export function renderRuleDoc(rule: RuleDef): string {
  return [
    `# ${rule.id}`,
    '',
    `${rule.docs.summary}`,
    '',
    `Default severity: **${rule.defaultSeverity}**. Change it with \`rules: { ${rule.id}: warning }\` in \`.secret-surface.yaml\`, the`,
    `\`secretSurface.rules\` setting, or turn it off with \`off\`. Silence one workload with the annotation`,
    `\`secret-surface.io/ignore: "${rule.id}"\`, or one place with a \`# secret-surface-ignore ${rule.id}\` comment.`,
    '',
    '## What it does',
    '',
    rule.docs.what,
    '',
    '## Why it matters',
    '',
    rule.docs.why,
    '',
    '## Example',
    '',
    rule.docs.example,
    '',
    '## Use instead',
    '',
    rule.docs.instead,
    '',
    '<!-- generated from the rule catalog by `npm run docs`; edit server/src/core/rules/ instead -->',
    '',
  ].join('\n');
}

export function renderRuleIndex(rules: readonly RuleDef[]): string {
  const rows = rules.map((r) => `| [\`${r.id}\`](${r.id}.md) | ${r.defaultSeverity} | ${r.docs.summary} |`);
  return [
    '# Rules',
    '',
    '| id | default | reports |',
    '|---|---|---|',
    ...rows,
    '',
    '<!-- generated from the rule catalog by `npm run docs` -->',
    '',
  ].join('\n');
}
