// The Emacs configuration docs/editors.md gives, loaded as it is: the block marked
// `<!-- editors-test: emacs-init -->` becomes init.el, `secret-surface-language-server` is the package's
// bin (server/out/server.js) on PATH, and Emacs in batch mode (the distribution's packages activated, as
// an interactive Emacs does at start) visits the example manifest. eglot must connect, and flymake must
// hold our diagnostics: the scenario's error on the image line, each named `secret-surface [rule]`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, SERVER_JS, copyScenario, isolatedEnv, missing } from './support/editor-env.js';

const MARK = '<!-- editors-test: emacs-init -->';

/** The elisp block that follows the marker in docs/editors.md. */
function documentedInit(): string {
  const md = readFileSync(join(REPO, 'docs/editors.md'), 'utf8');
  const at = md.indexOf(MARK);
  assert.ok(at >= 0, `${MARK} not found in docs/editors.md`);
  const m = /```elisp\n([\s\S]*?)```/.exec(md.slice(at));
  assert.ok(m, 'no elisp block after the marker');
  return m[1]!;
}

// eglot-ensure waits for the first command; batch mode has none, so the hook is run once by hand.
// Each diagnostic is printed as "DIAG<TAB>line<TAB>type<TAB>text", then the server's project.
const CHECK = String.raw`
(require 'eglot)
(find-file (getenv "SS_FILE"))
(run-hooks 'post-command-hook)
(let ((deadline (+ (float-time) (/ (string-to-number (getenv "SS_TIMEOUT_MS")) 1000.0))) started found)
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.1)
    (when (and (not started) (eglot-current-server)) (setq started t) (flymake-start))
    (setq found (seq-find (lambda (d) (string-match-p (regexp-quote (concat "[" (getenv "SS_CODE") "]")) (flymake-diagnostic-text d)))
                          (flymake-diagnostics))))
  ;; let every publish of the first analysis arrive
  (let ((settle (+ (float-time) 0.5))) (while (< (float-time) settle) (accept-process-output nil 0.1)))
  (dolist (d (flymake-diagnostics))
    (princ (format "DIAG\t%d\t%s\t%s\n" (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-type d)
                   (replace-regexp-in-string "\n" " " (flymake-diagnostic-text d)))))
  (princ (format "SERVER\t%s\t%s\n" major-mode (if (eglot-current-server) (eglot--project-nickname (eglot-current-server)) "none")))
  (kill-emacs (if found 0 1)))
`;

test('the Emacs eglot init.el of docs/editors.md starts the server and flymake shows our diagnostics', async () => {
  const why = missing('emacs', 'server');
  assert.equal(why, undefined, why);
  const { dir, env } = isolatedEnv('emacs-config');
  try {
    const sc = copyScenario(dir);
    // eglot's project is the version-control root, as in a real checkout.
    mkdirSync(join(sc.dir, '.git'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(SERVER_JS, join(bin, 'secret-surface-language-server'));
    writeFileSync(join(dir, 'init.el'), documentedInit());
    writeFileSync(join(dir, 'check.el'), CHECK);
    const child = spawn('emacs', ['--batch', '-q', '--eval', '(package-initialize)', '-l', join(dir, 'init.el'), '-l', join(dir, 'check.el')], {
      cwd: sc.dir,
      env: { ...env, HOME: dir, PATH: `${bin}:${process.env.PATH ?? ''}`, SS_FILE: join(sc.dir, sc.manifest), SS_CODE: sc.rule, SS_TIMEOUT_MS: '30000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    clearTimeout(killer);
    assert.equal(code, 0, `emacs exited ${code}: ${stderr}\n${stdout}`);
    const server = stdout.split('\n').find((l) => l.startsWith('SERVER\t'))?.split('\t');
    assert.deepEqual(server?.slice(1), ['yaml-mode', 'ws'], stdout);
    const diags = stdout
      .split('\n')
      .filter((l) => l.startsWith('DIAG\t'))
      .map((l) => {
        const [, line, type, text] = l.split('\t');
        return { line: Number(line), type: type!, text: text! };
      });
    assert.ok(diags.length > 0, stdout);
    for (const d of diags) assert.match(d.text, /^secret-surface \[[a-z-]+\]: \S/, JSON.stringify(d));
    const manifest = readFileSync(join(sc.dir, sc.manifest), 'utf8').split('\n');
    const imageLine = manifest.findIndex((l) => l.includes(sc.imageText)) + 1;
    assert.ok(imageLine > 0, `${sc.imageText} in ${sc.manifest}`);
    const scenario = diags.filter((d) => d.text.startsWith(`secret-surface [${sc.rule}]`));
    assert.deepEqual(
      scenario.map((d) => [d.line, d.type]),
      [[imageLine, 'eglot-error']],
      JSON.stringify(diags),
    );
    console.log(`emacs eglot (docs/editors.md init.el): ${diags.length} diagnostics on ${new Set(diags.map((d) => d.line)).size} lines: ${diags.map((d) => `${d.line}:${d.type}`).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
