// docs/fixes.md, generated from the fix catalog by `npm run docs` (a test fails when it is stale).
import { ruleIds } from '../rules/index.js';
import type { FixDef } from './fix.js';

export function renderFixDocs(fixes: readonly FixDef[]): string {
  const rows = fixes.map((f) => {
    // A fix offered on every rule (the suppressions) says so instead of listing the catalog.
    const every = ruleIds.every((id) => f.resolves.includes(id));
    const resolves = (every ? 'every rule' : f.resolves.map((r) => `[\`${r}\`](rules/${r}.md)`).join(', ')) + (f.docs.scope ? ` (${f.docs.scope})` : '');
    return `| \`${f.id}\` | ${f.title} | ${resolves} | ${f.docs.safe} | ${f.docs.example} |`;
  });
  return [
    '# Quick fixes',
    '',
    'Secret Surface offers these fixes as code actions on its diagnostics (matched by rule id, on the',
    "finding's range or on one of its related ranges, such as the Secret's own `env` entry or volume",
    'mount), and **Fix all safe problems** applies every safe one in a file (`source.fixAll.secretSurface`)',
    "or in the whole workspace (the command palette's **Secret Surface: Fix All Safe Problems in",
    'Workspace**, the source action `source.secretSurface.fixAllInWorkspace`, or the server command',
    '`secretSurface.server.fixAllInWorkspace`: one workspace edit per folder; the command then says what was',
    'applied). Safe fixes are marked preferred;',
    'unsafe ones change behaviour and say how in their title. A fix that is unsafe or edits several files',
    'carries a change annotation that needs confirmation: VS Code shows its refactor preview first, with',
    'those changes unticked until you tick them and apply (VS Code starts every change that needs',
    'confirmation unticked, and offers no way for an extension to pre-tick them).',
    'The two `ignore-…` fixes silence a finding in the syntax the analysis honours (README, "Silence a',
    'finding"): never preferred, never part of Fix all. When a fix cannot be made, the action is shown',
    'disabled with the reason. New files are created, never overwritten, and open once the fix is',
    'applied; what only you know (a Vault address, a role) is a `<REPLACE: …>` placeholder that no',
    'provider accepts. The hardened final stage keeps the runtime major version (`node:20` → a Node 20',
    'image the catalog sources) or says in its title and a comment that it changes it, and then moves',
    'the build stage to that version too.',
    'A fix never writes a name the API server would reject (a Secret name that is not a DNS-1123',
    "subdomain, a key, variable, namespace or container name outside Kubernetes' rules) into a file name",
    'or YAML, and every file it edits or creates must lie inside the workspace folder — as written and,',
    'in the editor, after following symbolic links — or the fix is shown disabled with the reason.',
    'Each fix has a golden diff in `test/golden/fixes/<id>/expected.txt`.',
    '',
    '| Fix | What it does | Resolves | Safe | Example |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '<!-- generated from the fix catalog by `npm run docs`; edit server/src/core/fixes/ instead -->',
    '',
  ].join('\n');
}
