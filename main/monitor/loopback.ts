/** This machine's addresses: the only hosts the monitor speaks Dask's protocol or Covalent's API to. */
const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost)$/;

/** Whether `host` (brackets of an IPv6 literal allowed) names this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}
