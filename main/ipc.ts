/** Registers the panel's IPC channels: only from the panel's own page, only with well-formed arguments. */
import { type IpcMainInvokeEvent, type WebContents, ipcMain } from 'electron';
import { type EventChannel, type EventContract, INVOKE_CHANNELS } from './core/ipc-contract';
import { type IpcHandlers, IpcRefusal, dispatchInvoke, isTrustedSender } from './core/ipc-handlers';
import { PANEL_URL } from './app-protocol';

export function registerIpc(handlers: IpcHandlers, panelWebContentsId: () => number): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const sender = { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' };
      if (!isTrustedSender(sender, { webContentsId: panelWebContentsId(), url: PANEL_URL })) {
        throw new IpcRefusal(`${channel}: refused a message from outside the panel`);
      }
      return dispatchInvoke(handlers, channel, args);
    });
  }
}

/** Pushes an event to the panel, typed by the contract. */
export function sendToPanel<C extends EventChannel>(contents: WebContents, channel: C, payload: EventContract[C]): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}
