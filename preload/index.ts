/** The panel's preload: exposes PanelApi, and nothing else, to the sandboxed page. */
import { contextBridge } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/ipc-contract';
import { panelApi } from './panel-api';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, panelApi);
