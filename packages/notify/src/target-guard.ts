import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** A destination on an address a rule may not reach. */
export class PrivateTargetError extends Error {
  override readonly name = 'PrivateTargetError';
  readonly code = 'PRIVATE_TARGET';
}

/** Only these ranges are public; everything else (private, loopback, link-local, ULA, CGNAT, multicast…) is refused. */
const PUBLIC_RANGE = 'unicast';

/** True for an address outside the public unicast ranges (IPv4-mapped IPv6 judged as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() !== PUBLIC_RANGE;
}

const refusal = (host: string, address: string) =>
  new PrivateTargetError(
    `${host} resolves to ${address}, a private, loopback or link-local address; notification rules may not reach internal services (set PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS=true only for a local stack)`,
  );

/**
 * Checks a destination URL before it is stored or used: http(s) only, and unless private targets
 * are allowed, every address its host resolves to must be public. The notifier checks again at
 * connect time (see {@link guardedLookup}), so a DNS answer that changes later is caught too.
 */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PrivateTargetError(`'${url}' is not a URL; give the destination as https://…`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new PrivateTargetError(`'${url}' must be an http(s) URL`);
  if (allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    if (isPrivateAddress(host)) throw refusal(host, host);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    lookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  ).catch((cause: unknown) => {
    throw new PrivateTargetError(`${host} does not resolve: ${cause instanceof Error ? cause.message : String(cause)}`);
  });
  const inside = addresses.find((a) => isPrivateAddress(a.address));
  if (inside) throw refusal(host, inside.address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` for the HTTP client's connections that refuses private addresses, so the check
 * holds for the address actually connected to (no DNS-rebinding between check and connect).
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside) return callback(Object.assign(refusal(hostname, inside.address), { code: 'PRIVATE_TARGET' }), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
