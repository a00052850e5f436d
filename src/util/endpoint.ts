/**
 * A socket address: an IP address (never a host name: labnet resolves nothing) and a port.
 * The one endpoint type of labnet: `HOST:PORT` flags of the command line (GUIDE section 2;
 * port 0 means an ephemeral port), the addresses servers bind and the peers they answer.
 */
export interface Endpoint {
  address: string;
  port: number;
}

export class UsageError extends Error {}

export function parseEndpoint(text: string, flag: string): Endpoint {
  const i = text.lastIndexOf(':');
  if (i <= 0) throw new UsageError(`${flag}: expected HOST:PORT, got '${text}'`);
  let host = text.slice(0, i);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const portText = text.slice(i + 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`${flag}: bad port '${portText}'`);
  return { address: host, port };
}

export function formatEndpoint(e: { address: string; port: number }): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
