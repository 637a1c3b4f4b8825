/** Registers the panel's IPC channels: only from the panel's own page, only with well-formed arguments. */
import { type IpcMainInvokeEvent, type WebContents, ipcMain } from 'electron';
import { type EventChannel, type EventContract, INVOKE_CHANNELS } from './core/ipc-contract';
import { type IpcHandlers, handleInvoke } from './core/ipc-handlers';
import { PANEL_URL } from './app-protocol';

export function registerIpc(handlers: IpcHandlers, panelWebContentsId: () => number): void {
  for (const channel of INVOKE_CHANNELS) {
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
export function sendToPanel<C extends EventChannel>(contents: WebContents, channel: C, payload: EventContract[C]): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}
