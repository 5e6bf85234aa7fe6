import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a Client ID Metadata Document may not be fetched from: loopback, private, link-local,
 * shared (CGNAT), unspecified, multicast and reserved ranges, IPv4 and IPv6 (RFC 6890's special-use
 * registry, the ranges SSRF reaches for: cloud metadata at 169.254.169.254, the cluster's own services).
 */
const SPECIAL_USE = (() => {
  const list = new BlockList();
  for (const [prefix, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(prefix, bits, 'ipv4');
  }
  for (const [prefix, bits] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(prefix, bits, 'ipv6');
  }
  return list;
})();

/** Whether an IP address is one a metadata document may be fetched from. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address is judged by its IPv4 part (BlockList itself would match every
  // IPv4 address against an IPv6 rule for the mapped range, so that range is not listed).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return !SPECIAL_USE.check(mapped, 'ipv4');
  return !SPECIAL_USE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** How client metadata documents are fetched. */
export interface ClientMetadataFetchOptions {
  /** Give up on a document (headers and body) after this long. */
  timeoutMs: number;
  /** Largest document accepted, in bytes (the CIMD draft suggests 5 KiB). */
  maxBytes: number;
  /** Development only: allow documents on loopback and private addresses. */
  allowPrivateAddresses: boolean;
  /** The fetch to use (tests pass one that trusts their own certificate authority). */
  fetch?: typeof fetch;
  /** Resolves a host name to its addresses (tests may pass one; default: the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

/** Why a metadata document URL is refused before anything is fetched, or null when it may be fetched. */
export async function refuseClientMetadataUrl(clientId: string, options: ClientMetadataFetchOptions): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return `client_id ${clientId} is not a URL`;
  }
  if (url.protocol !== 'https:') return `client_id ${clientId} is not an https URL`;
  if (options.allowPrivateAddresses) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch (error) {
    return `the host of ${clientId} does not resolve (${error instanceof Error ? error.message : String(error)})`;
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked !== undefined || addresses.length === 0) {
    return `client_id ${clientId} resolves to ${blocked ?? 'no address'}, a loopback, private or reserved address; Pipe fetches client metadata only from public addresses (PIPE_OAUTH_ALLOW_PRIVATE_CLIENT_METADATA=true allows them for development)`;
  }
  return null;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
}

/**
 * The fetch oidc-provider uses for metadata documents: Pipe's time limit over the whole exchange
 * (headers and body). oidc-provider's own guard (a dispatcher that drops connections to special-use
 * addresses, which also catches a name that resolves differently the second time) stays on unless
 * private addresses are allowed for development.
 */
export function clientMetadataFetch(options: ClientMetadataFetchOptions): (url: URL | string, init: RequestInit) => Promise<Response> {
  const fetchImpl = options.fetch ?? fetch;
  return (url, init) => {
    const { dispatcher, ...rest } = init as RequestInit & { dispatcher?: unknown };
    return fetchImpl(url, {
      ...rest,
      ...(options.allowPrivateAddresses ? {} : { dispatcher }),
      signal: AbortSignal.timeout(options.timeoutMs),
    } as RequestInit);
  };
}
