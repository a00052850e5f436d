/**
 * The view of a request that may be TSIG-signed, and the signature as that view checks it:
 * BIND 9.18's view loop (lib/ns/client.c), where the signature is checked again with each
 * view's keyring in turn (dns_message_rechecksig) and the key counts for the view's
 * match-clients and match-destinations only when it verified there. Each view's ring is
 * the top-level keys and its own (keyring.ts), so a key written in one view is unknown to
 * the others. Measured with named 9.18 (test/interop/dns-views-keys.test.ts):
 *
 * - A view taken by the key answers signed with it.
 * - A view taken by the address while its ring does not verify the signature (a key of
 *   another view: BADKEY; the same name with another secret: BADSIG) answers NOTAUTH with
 *   that error (tsig-server.ts).
 * - No view: REFUSED (EDE 18), with a TSIG carrying BADKEY and no MAC, whatever the views
 *   made of the signature (once no view is found, named checks it against no ring).
 *
 * Pure apart from the HMACs; a view's check is made once per distinct key (views sharing a
 * top-level key share its result).
 */
import { findTsig, TsigError, type TsigKey } from './tsig.js';
import { nameKey } from '../wire/name.js';
import type { Keyring } from './keyring.js';
import { checkRequestTsig, type SignedRequest } from './tsig-server.js';
import { selectView, type ServedView, type ViewRequest } from './views.js';

export interface SignedRoute {
  /** The view that takes the request; undefined: none (REFUSED). */
  view?: ServedView;
  /** The signature as the view checked it (no view: BADKEY, unsigned); undefined: the request has no TSIG. */
  signed?: SignedRequest;
}

const NO_KEYS = (): TsigKey | undefined => undefined;

/**
 * See the file comment; `fallback`: the keys of a view built without any (default none).
 * Throws on a malformed TSIG (as checkRequestTsig).
 */
export function routeSigned(views: readonly ServedView[], req: Omit<ViewRequest, 'key'>, msg: Buffer, now: number, fallback: Keyring = NO_KEYS): SignedRoute {
  const tsig = findTsig(msg);
  if (tsig === undefined) return { view: selectView(views, req) };
  const checks = new Map<TsigKey | undefined, SignedRequest>();
  for (const view of views) {
    const ring = view.keys ?? fallback;
    const key = ring(nameKey(tsig.keyName));
    let signed = checks.get(key);
    if (!signed) checks.set(key, (signed = checkRequestTsig(msg, ring, now)!));
    const identity = signed.error === TsigError.NONE ? signed.key?.name : undefined;
    if (selectView([view], { ...req, key: identity })) return { view, signed };
  }
  return { signed: checkRequestTsig(msg, NO_KEYS, now)! };
}
