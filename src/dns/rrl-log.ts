/** The rate-limit log category's lines (named's), for a server's views (conf-views.ts onRateLimit). */
import type { Logger } from '../util/logger.js';
import { typeToText } from '../wire/rrtypes.js';
import type { ConfViewsInput } from './conf-views.js';

/**
 * named's rate-limit category line at the start of limiting: `limit responses to
 * 192.0.2.0/24 for NAME IN TYPE` (NXDOMAIN and errors without a type, `would limit` under
 * log-only; lib/dns/rrl.c make_log_buf).
 */
export function rateLimitLog(logger: Logger): ConfViewsInput['onRateLimit'] {
  return (view, e) => {
    const what = e.kind === 'query' ? '' : e.kind === 'nodata' ? 'NODATA ' : e.kind === 'nxdomain' ? 'NXDOMAIN ' : `${e.kind} `;
    const name = e.kind === 'error' || e.kind === 'all' ? '' : ` for ${e.name}${e.kind === 'nxdomain' ? '' : ' IN'}${e.kind === 'query' ? ` ${typeToText(e.qtype)}` : ''}`;
    logger.info({ view, client: e.prefix }, `${e.logOnly ? 'would ' : ''}limit ${what}responses to ${e.prefix}${name}`);
  };
}
