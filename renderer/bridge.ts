/** The one module that touches the preload's global: everything else gets the PanelApi handed to it. */
import { BRIDGE_GLOBAL, type PanelApi } from '../shared/ipc-contract';

/** The API the preload exposed; throws when the page runs without it (opened outside the tray). */
export function connectBridge(): PanelApi {
  const api = (window as unknown as { [BRIDGE_GLOBAL]?: PanelApi })[BRIDGE_GLOBAL];
  if (!api) throw new Error(`window.${BRIDGE_GLOBAL} is missing: the panel runs only with the tray's preload`);
  return api;
}
