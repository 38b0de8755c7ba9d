// The walkthrough (contributes.walkthroughs, issue 20) is part of the manifest: every step's media is a file of the
// repository that the .vsix ships (media/**), and every command a step or its page links is one the extension
// contributes (or one of VS Code's own, named here).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../..');

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
}
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; steps: Step[] }[] };
};
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
/** VS Code's own commands a step may link. */
const BUILTIN = new Set(['workbench.action.files.openFolder']);
const linked = (text: string): string[] => [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);

describe('walkthrough', () => {
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
  it('has the steps of a first contact, in order', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['install', 'openBundle', 'fixFinding', 'diagnose', 'configFile', 'ci'],
    );
  });
  for (const step of steps) {
    const media = step.media.markdown ?? step.media.image ?? step.media.svg ?? '';
    it(`${step.id}: its media ${media} exists and ships`, () => {
      assert.ok(existsSync(resolve(root, media)), media);
      assert.match(media, /^media\//, 'the .vsix ships media/**');
    });
    it(`${step.id}: every command it links is contributed`, () => {
      const text = step.description + (step.media.markdown === undefined ? '' : readFileSync(resolve(root, step.media.markdown), 'utf8'));
      for (const command of linked(text)) assert.ok(contributed.has(command) || BUILTIN.has(command), `${command} is not contributed`);
    });
  }
  it('links at least the commands it is about', () => {
    const all = steps.flatMap((s) => linked(s.description));
    assert.deepEqual(all, ['apigeeTls.showOutput', 'workbench.action.files.openFolder', 'apigeeTls.fixAll', 'apigeeTls.diagnoseTarget']);
  });
});
