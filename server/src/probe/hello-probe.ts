// One raw ClientHello over a fresh TCP connection: writes the hello, reads the answer, closes. Sends nothing else.
import * as crypto from 'node:crypto';
import type * as net from 'node:net';
import { clientHelloMessage, clientHelloRecord, type ClientExtensions, type ClientHelloSpec } from './client-hello';
import { ServerFlight, type FlightOutcome, type HelloRetry } from '../tls/wire/server-flight';
import type { HelloOutcome } from '../diagnosis/evidence';
import { dial, waitingOn } from './dial';
import { fromSocketError, settleOnce, socketFailure, type Endpoint, type Limits } from './socket-failure';
import { generateKeyPairs, type KeyPairs } from '../tls/wire/tls13-keys';
import type { TlsProtocol } from '../tls/versions';

export interface HelloOffer {
  protocols: readonly TlsProtocol[];
  suites: readonly number[];
  sni: string | null;
  /** Read certificates and CertificateRequest too, not only the ServerHello. */
  readWholeFlight: boolean;
  /** The key shares to offer (TLS 1.3); omitted: fresh ones. The hellos of diagnoses share one set (see hellos.ts). */
  keys?: KeyPairs | undefined;
  /** A simulated client's extensions (probe/clients); omitted: the probe's own. */
  client?: ClientExtensions | undefined;
  /** Keep what FlightDetails holds (the client simulation judges key exchange sizes and CA names). */
  details?: boolean | undefined;
}

export type { HelloOutcome } from '../diagnosis/evidence';

/** ClientHello randoms and session ids come from the CSPRNG in bulk: one call per 64 hellos, not two per hello. */
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomUsed = 0;

/** Fresh random bytes, never handed out twice. */
function randomBytes(n: number): Buffer {
  if (randomUsed + n > randomPool.length) {
    randomPool = crypto.randomBytes(Math.max(n, RANDOM_POOL_BYTES));
    randomUsed = 0;
  }
  randomUsed += n;
  return randomPool.subarray(randomUsed - n, randomUsed);
}

export function sendHello(endpoint: Endpoint, offer: HelloOffer, limits: Limits): Promise<HelloOutcome> {
  const tls13 = offer.protocols.includes('TLSv1.3');
  const keys = tls13 ? (offer.keys ?? generateKeyPairs()) : undefined;
  const spec: ClientHelloSpec = {
    protocols: offer.protocols,
    suites: offer.suites,
    sni: offer.sni,
    random: randomBytes(32),
    sessionId: tls13 ? randomBytes(32) : Buffer.alloc(0),
    keyShares: keys?.shares ?? [],
    client: offer.client,
  };
  const message = clientHelloMessage(spec);
  const flight = new ServerFlight(message, keys, offer.readWholeFlight, offer.details === true);
  let socket: net.Socket | undefined;
  /** RFC 8446 §4.1.2: the same hello again (random, session id, suites), with a share for the group asked and the cookie. */
  const answerRetry = (retry: HelloRetry): FlightOutcome | HelloRetry | undefined => {
    const retryKeys = retry.group === undefined ? keys : generateKeyPairs([retry.group]);
    if (retryKeys === undefined) return flight.retryUnanswered();
    const second = clientHelloMessage({ ...spec, keyShares: retryKeys.shares, cookie: retry.cookie });
    socket?.write(clientHelloRecord(second));
    return flight.answerRetry(second, retryKeys);
  };
  return settleOnce<FlightOutcome>(
    limits,
    () => socket?.destroy(),
    (finish) => {
      const s = dial(endpoint, {
        failed: finish,
        ready: () => s.write(clientHelloRecord(message)),
        open: () => {
          s.on('error', (error) => finish(fromSocketError(error)));
          s.on('close', () =>
            finish(socketFailure('connection-reset', `the server closed the connection after sending ${flight.progress}`)),
          );
          s.on('data', (chunk: Buffer) => {
            // A server that never stops writing must not hold off the deadline's timer.
            if (Date.now() >= limits.deadline) return finish(socketFailure('timeout', 'the server did not finish its answer in time'));
            try {
              let outcome = flight.push(chunk);
              // The flight refuses a second retry, so this loops at most once.
              while (outcome?.kind === 'retry') outcome = answerRetry(outcome);
              if (outcome !== undefined) finish(outcome);
            } catch (error) {
              // MalformedError, or a crypto error on a bogus key share: either way the answer is not usable TLS.
              finish(socketFailure('not-tls', error instanceof Error ? error.message : String(error)));
            }
          });
        },
      });
      socket = s;
    },
    () => waitingOn(socket),
  );
}
