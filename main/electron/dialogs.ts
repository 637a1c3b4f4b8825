/**
 * The menu's confirmations and failures as message boxes. Without a window, showMessageBox is
 * app-modal on macOS and free-standing elsewhere (Electron's dialog docs); its promise settles when
 * the box closes. Cancel is the default and the Escape answer: the action happens only on its button.
 */
import { dialog } from 'electron';
import type { Confirmation } from '../../shared/cluster-action-text';

export async function confirmInDialog(c: Confirmation): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Covalent Dask Tray',
    message: c.title,
    detail: c.detail,
    buttons: [c.confirm, 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

export async function showFailure(title: string, detail: string): Promise<void> {
  await dialog.showMessageBox({ type: 'error', title: 'Covalent Dask Tray', message: title, detail, buttons: ['OK'] });
}
