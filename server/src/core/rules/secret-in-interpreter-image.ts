// Rule secret-in-interpreter-image: a container receives a Secret and its image has a script interpreter
// other than the app's own runtime.
import { foreignInterpreters } from '../exposure.js';
import { defineRule } from './rule.js';
import { checkToolRule } from './tool-rule.js';

const spec = { id: 'secret-in-interpreter-image' as const, noun: 'an interpreter', label: 'Interpreter', select: foreignInterpreters };

export const secretInInterpreterImage = defineRule({
  id: spec.id,
  defaultSeverity: 'warning',
  docs: {
    summary: 'A container receives a Secret and its image has a script interpreter that is not the app\'s own runtime.',
    what:
      'Reports containers that receive a Secret while their image holds an interpreter — python, perl, ruby, php, ' +
      'lua, node — other than the runtime the image exists to run (node in a Node.js image is how the app runs and ' +
      'is not reported; perl in the same image is). ' +
      'A tool the catalog only *may* hold (its sources do not confirm it, or a digest without a tag may name a variant ' +
      'without it) is reported as "may have", one severity below the rule\'s (error → warning); in JSON and SARIF the ' +
      'finding carries `certainty: unverified`.',
    why:
      'An interpreter is a shell by another name: `perl -e`, `python3 -c` read files, open sockets and run anything. ' +
      'Debian-based images carry perl-base; buildpack-based language images carry python3 and perl for their build ' +
      'tools. The app never needs them at run time.',
    example: '```dockerfile\nFROM node:20          # buildpack-deps base: python3 and perl too\n```',
    instead:
      'Use the slim or distroless variant of the runtime (`node:20-slim` still has perl-base; ' +
      '`gcr.io/distroless/nodejs22-debian13` has neither), or remove the interpreter in a multi-stage build.',
  },
  check: (ctx) => checkToolRule(spec, ctx),
});
