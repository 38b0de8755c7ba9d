// The review's profile-demo (code review 3, finding 5): a project that deploys to Edge (its pom builds with
// apigee-edge-maven-plugin 1.3.0) and a target only Edge can call, a TLS 1.1 backend. Judged as Apigee X, the call
// is "unusable-configuration"; judged as Edge, as lint judges the bundle, the handshake succeeds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { sslTarget, writeTree } from '../../workspace/support/tree';
import { startOpenssl, type RunningServer } from './servers';

/**
 * The review's backend: openssl s_server speaking TLS 1.1 only, with a self-signed leaf for legacy.example.com
 * (SSLInfo's IgnoreValidationErrors accepts it). Stopping it removes its certificate folder.
 */
export async function startTls11Backend(): Promise<RunningServer> {
  const certs = await mkdtemp(join(tmpdir(), 'profile-demo-certs-'));
  await makeSelfSignedCertificate(certs, 'legacy.example.com');
  const tls11 = ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0'];
  const server = await startOpenssl(['-cert', join(certs, 'cert.pem'), '-key', join(certs, 'key.pem'), ...tls11]).catch(
    async (e: unknown) => {
      await rm(certs, { recursive: true, force: true });
      throw e;
    },
  );
  return {
    port: server.port,
    stop: async () => {
      await server.stop();
      await rm(certs, { recursive: true, force: true });
    },
  };
}

/** What `lint --verbose` says of the bundle, and what the probe must say it judged as. */
export const EDGE_FROM_POM = 'Apigee Edge (inferred from apigee-edge-maven-plugin 1.3.0 (the 1.x line deploys to Edge) in ../pom.xml)';

export const DEMO_TARGET = 'apiproxy/targets/default.xml';

/** The project folder; its target calls https://legacy.example.com:`port`/v1 (resolve it to 127.0.0.1). */
export function profileDemo(port: number): string {
  return writeTree({
    'pom.xml': `<project>
  <build><plugins><plugin>
    <groupId>io.apigee.build-tools.enterprise4g</groupId>
    <artifactId>apigee-edge-maven-plugin</artifactId>
    <version>1.3.0</version>
  </plugin></plugins></build>
</project>
`,
    [DEMO_TARGET]: sslTarget(
      `      <Enabled>true</Enabled>
      <IgnoreValidationErrors>true</IgnoreValidationErrors>
      <Protocols><Protocol>TLSv1.1</Protocol></Protocols>`,
      `https://legacy.example.com:${port}/v1`,
    ),
  });
}
