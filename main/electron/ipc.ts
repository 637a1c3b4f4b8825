/** Registers the panel's IPC channels: only from the panel's own page, only with well-formed arguments. */
import { type IpcMainInvokeEvent, type WebContents, ipcMain } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, INVOKE_NAMES } from '../../shared/ipc-contract';
import { type IpcHandlers, handleInvoke } from '../tray/ipc-handlers';
import type { PanelMessage } from '../tray/panel-feed';
import { PANEL_URL } from './app-protocol';

export function registerIpc(handlers: IpcHandlers, panelWebContentsId: () => number): void {
  for (const name of INVOKE_NAMES) {
    const channel = INVOKE_CHANNELS[name];
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) =>
      handleInvoke(
        handlers,
        { webContentsId: panelWebContentsId(), url: PANEL_URL },
        { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' },
        channel,
        args,
      ),
    );
  }
}

/** Pushes an event to the panel, typed by the contract. */
export function sendToPanel(contents: WebContents, message: PanelMessage): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNELS[message.name], message.payload);
}
