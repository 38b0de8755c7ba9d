// One problem, one finding. On Apigee X a TLS connection with neither <Enforce>true</Enforce> nor a TrustStore is
// one gap with one fix (Enforce=true validates against the default trust, enough for public CAs; a TrustStore is
// added for a private CA). enforce-not-set reports it and names the missing TrustStore; missing-truststore stays
// silent on that SSLInfo while enforce-not-set runs (turned off, missing-truststore reports as before).
import type { SslInfoView } from '../../documents/sslinfo';
import { booleanChild, child, misplaced, tlsActive, validationOn, valueChild } from '../../documents/sslinfo';
import { appendChild, replaceSpan } from '../edits';
import type { Fix, Profile } from '../model';

/** missing-truststore's case: TLS on, validation on, no TrustStore (an empty one counts as none), none written beside. */
export function lacksTrustStore(ssl: SslInfoView, profile: Profile): boolean {
  if (ssl.connection.loadBalancer !== undefined) return false;
  if (tlsActive(ssl) !== true || validationOn(ssl, profile) !== true || valueChild(ssl, 'TrustStore') !== undefined) return false;
  // A TrustStore written beside SSLInfo is misplaced-sslinfo-child's finding, and its fix moves the real one in.
  return !misplaced(ssl.connection, 'TrustStore');
}

/** enforce-not-set's case on Apigee X: TLS on, not beside a LoadBalancer, Enforce absent or false (a template or invalid value is not judged). */
export function enforceUnset(ssl: SslInfoView): boolean {
  if (ssl.connection.loadBalancer !== undefined || tlsActive(ssl) !== true) return false;
  const value = booleanChild(ssl, 'Enforce');
  return value === undefined || value === false;
}

/** Insert `<TrustStore>ref://…</TrustStore>` (a placeholder in an editor), or fill in the empty one where it stands. */
export function insertTrustStore(text: string, sslInfo: Parameters<typeof appendChild>[1], empty: ReturnType<typeof child>): Fix {
  const title = 'Insert a TrustStore reference';
  if (empty === undefined) {
    return {
      title,
      edits: [
        appendChild(
          text,
          sslInfo,
          ['<TrustStore>ref://truststore-ref</TrustStore>'],
          ['<TrustStore>ref://${1:truststore-ref}</TrustStore>'],
        ),
      ],
      preferred: false,
    };
  }
  // `<TrustStore/>` and `<TrustStore> </TrustStore>`: the element stays where it is, with a value.
  const edit =
    empty.endTag === undefined
      ? replaceSpan(empty.span, '<TrustStore>ref://truststore-ref</TrustStore>', '<TrustStore>ref://${1:truststore-ref}</TrustStore>')
      : replaceSpan({ start: empty.startTag.end, end: empty.endTag.start }, 'ref://truststore-ref', 'ref://${1:truststore-ref}');
  return { title, edits: [edit], preferred: false };
}
