import * as assert from 'node:assert/strict';
import { applyAction, waitForAction } from './support/code-actions';
import { waitForRule, waitForRuleGone } from './support/diagnostics';
import { copyTarget, openInEditor } from './support/workspace';

suite('placeholder fixes (snippets)', () => {
  test('inserting a TrustStore reference keeps the indentation of its siblings', async () => {
    const uri = await copyTarget('clean-backend.xml', 'no-truststore', (text) =>
      text.replace(/\s*<TrustStore>ref:\/\/clean-truststore<\/TrustStore>/, ''),
    );
    const { document } = await openInEditor(uri);
    const [diagnostic] = await waitForRule(uri, 'missing-truststore');
    const fix = await waitForAction(
      'the TrustStore fix',
      uri,
      diagnostic!.range,
      (action) => action.title === 'Insert a TrustStore reference',
    );
    await applyAction(fix);
    await waitForRuleGone(uri, 'missing-truststore');
    assert.match(document.getText(), /\n {12}<\/Protocols>\n {12}<TrustStore>ref:\/\/truststore-ref<\/TrustStore>\n {8}<\/SSLInfo>\n/);
  });
});
