// Rule documentation generated from the rule catalog: docs/rules/<id>.md and its index, and the
// per-rule settings blocks of package.json and schemas/config.schema.json (`npm run docs` writes them;
// tests fail when they are stale).
import { RULE_SETTINGS, type RuleSetting } from '../config/parse-config.js';
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
    '## How findings appear',
    '',
    '- **Messages lead with what is specific**: the tools (`Shell (sh, bash, dash) in image FROM node:20 — container api',
    '  receives 2 Secrets`), the Secret (`Secret "db" key password as env var DB_PASSWORD — container api`), the probe or',
    '  instruction. Which Secrets, how they arrive and where each tool came from are related locations (and the hover).',
    '- **Where**: tool, token, unverified-image and rotation findings sit on the container\'s `image:` value, or on the',
    '  Dockerfile line (FROM, RUN, COPY) that brought the tool in; `secret-as-env-var` sits on each `secretKeyRef` /',
    '  `secretRef`, `secret-volume-not-csi` on the volume\'s `secret:` (or projected source) — where their fixes edit.',
    '- **One problem per root cause per place, in the editor**: `secret-in-shell-image`, `secret-in-network-client-image`',
    '  and `secret-in-interpreter-image` report one cause (the image ships tools), so at one place their findings appear as',
    '  one diagnostic naming every kind of tool, most severe first. Its severity and `code` are those of its most severe',
    '  member; `data.rules` lists every member and the related information lists each member with its own severity. The',
    '  rules stay separately configurable: a rule that is off or suppressed is not a member. The token rule is a separate',
    '  cause and stays a separate problem.',
    '- **Order**: the CLI lists the most severe first at a place; the language server publishes a line\'s problems',
    '  most severe last, because an editor that shows one sign per line (Neovim with default settings) shows the one',
    '  placed last — so the line carries the error\'s sign. VS Code sorts its Problems panel by severity itself.',
    '- **While a manifest does not parse** (a key half typed), the editor keeps its last good analysis: its findings',
    '  stay, each marked `(stale: …)`, beside the parse error, no quick fix is offered on it, and no finding of another',
    '  file changes. Files read from disk are taken as they are.',
    '- **CLI**: JSON and SARIF keep one result per rule (consumers filter by rule id); the text output prints one line per',
    '  rule and each related location once per place.',
    '',
    '<!-- generated from the rule catalog by `npm run docs` -->',
    '',
  ].join('\n');
}

const SETTING_DESCRIPTIONS: Record<RuleSetting, string> = {
  error: 'Report as an error',
  warning: 'Report as a warning',
  info: 'Report as information',
  hint: 'Show as a hint only',
  off: 'Do not run this rule',
};

/** `contributes.configuration` → `secretSurface.rules.properties` of package.json: one entry per rule. */
export function ruleSettingsContribution(rules: readonly RuleDef[]): Record<string, unknown> {
  return Object.fromEntries(
    rules.map((r) => [
      r.id,
      {
        type: 'string',
        enum: [...RULE_SETTINGS],
        enumDescriptions: RULE_SETTINGS.map((s) => SETTING_DESCRIPTIONS[s]),
        markdownDescription: `Severity of \`${r.id}\`.`,
      },
    ]),
  );
}

/** `properties.rules.properties` of schemas/config.schema.json: one entry per rule. */
export function ruleSettingsSchema(rules: readonly RuleDef[]): Record<string, unknown> {
  return Object.fromEntries(rules.map((r) => [r.id, { type: 'string', enum: [...RULE_SETTINGS], description: r.docs.summary }]));
}
