/** The addresses in Covalent's config that the monitor asks and main may open, checked. */
import { DISPATCH_ID } from './ipc-contract';
import type { CovalentConfig, Snapshot } from './snapshot';

/** The dashboard link, if it is one main may open: http(s), from the config, no credentials. */
export function dashboardUrl(config: CovalentConfig | null): URL | null {
  if (!config?.dashboardLink) return null;
  try {
    const url = new URL(config.dashboardLink);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password) return url;
  } catch {
    // not a URL: nothing to open
  }
  return null;
}

const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9a-f:.]+\]$/i;

/** Covalent's UI at [user_interface] address:port; a wildcard bind address is reached on localhost. */
export function covalentUiUrl(config: CovalentConfig | null): URL | null {
  // Checked again here (the parser already did): port 0 would make a valid-looking URL that goes nowhere.
  if (
    !config?.uiAddress ||
    config.uiPort === null ||
    !Number.isInteger(config.uiPort) ||
    config.uiPort < 1 ||
    config.uiPort > 65535
  )
    return null;
  let host = config.uiAddress;
  if (host === '0.0.0.0' || host === '::' || host === '[::]') host = 'localhost';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  if (!HOST.test(host)) return null;
  try {
    return new URL(`http://${host}:${config.uiPort}/`);
  } catch {
    return null;
  }
}

/** A dispatch's page in the Covalent UI (its React route "/:dispatchId"), for a dispatch id that is a UUID. */
export function dispatchPageUrl(config: CovalentConfig | null, dispatchId: string): URL | null {
  const ui = covalentUiUrl(config);
  if (!ui || !DISPATCH_ID.test(dispatchId)) return null;
  return new URL(dispatchId, ui);
}

/** Whether Open Covalent UI can do anything: an address in the config, and a server that did not fail to answer last time. */
export function covalentUiOpenable(s: Pick<Snapshot, 'config' | 'workflows'> | null): boolean {
  return covalentUiUrl(s?.config ?? null) !== null && s?.workflows.reachable !== false;
}
