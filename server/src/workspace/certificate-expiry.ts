// When a certificate stops being valid, against the expiry threshold (apigeeTls.certificateExpiryDays): the one
// judgement the alias rules and the load balancer certificate rules share.
import type { CertificateInfo } from './certificates';

const DAY = 86_400_000;

export type Expiry = { state: 'expired'; on: string } | { state: 'soon'; on: string; days: number } | { state: 'valid' };

/** Expired before `now`, expiring within `expiryDays` of it, or valid beyond. */
export function expiryOf(c: Pick<CertificateInfo, 'notAfter'>, now: Date, expiryDays: number): Expiry {
  const at = c.notAfter.getTime();
  const on = c.notAfter.toISOString().slice(0, 10);
  if (at < now.getTime()) return { state: 'expired', on };
  if (at < now.getTime() + expiryDays * DAY) return { state: 'soon', on, days: Math.floor((at - now.getTime()) / DAY) };
  return { state: 'valid' };
}

/** `in 1 day`, `in 12 days`. */
export const inDays = (days: number): string => `in ${days} day${days === 1 ? '' : 's'}`;
