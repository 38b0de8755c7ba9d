// In code-server the extension host's console output reaches the runner mixed with the workbench's own logs
// (both through codeAutomationLog). The code-server runner sets APIGEE_TLS_TEST_MARK=1, and the suite then
// prefixes its own lines so the runner can pick them out. (The host's console methods cannot be replaced.)
import { format } from 'node:util';

export const OUTPUT_MARKER = '@@apigee-tls-test@@ ';

export function printMarked(...args: unknown[]): void {
  const prefix = process.env.APIGEE_TLS_TEST_MARK === '1' ? OUTPUT_MARKER : '';
  console.log(prefix + format(...args));
}
