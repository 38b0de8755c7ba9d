import { removeElement } from '../edits';
import type { Rule } from '../rule';
import { child } from '../../documents/sslinfo';

export const enforceOnEdge: Rule = {
  id: 'enforce-on-edge',
  description: 'Enforce on the edge profile (an Apigee X / hybrid element).',
  why: 'Apigee Edge has no Enforce: the element is ignored or rejected, and validation does not behave as written.',
  fix: 'Remove it.',
  apigeelint: ['TD004'],
  severity: { apigeex: 'off', edge: 'warning' },
  fixable: true,
  check(ctx) {
    if (ctx.profile !== 'edge') return;
    for (const ssl of ctx.sslInfos) {
      const enforce = child(ssl, 'Enforce');
      if (enforce === undefined) continue;
      ctx.report(enforce.nameSpan, '<Enforce> exists only on Apigee X and hybrid; Apigee Edge ignores it.', [
        { title: 'Remove <Enforce>', edits: [removeElement(ctx.text, enforce)], preferred: true },
      ]);
    }
  },
};
