/** The menu-bar icon: sets what the controller decides, and reports clicks and menu choices. */
import { Menu, type MenuItemConstructorOptions, Tray, nativeImage } from 'electron';
import path from 'node:path';
import { type TrayGesture, attachesMenu, trayGestureAction } from '../tray/tray-gestures';
import { type TrayIconName, trayIconFile } from '../tray/tray-icon';
import type { TrayAction, TrayMenuItem } from '../tray/tray-menu';

export interface TrayAdapter {
  tray: Tray;
  setIcon(name: TrayIconName): void;
  setTooltip(text: string): void;
  setMenu(items: TrayMenuItem[]): void;
}

function menuItemOf(item: TrayMenuItem, run: (action: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.type) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => run(item.action) };
    case 'checkbox':
      return {
        type: 'checkbox',
        label: item.label,
        checked: item.checked,
        enabled: item.enabled,
        click: () => run(item.action),
      };

    case 'submenu':
      return { label: item.label, enabled: item.enabled, submenu: toTemplate(item.items, run) };
  }
}

function toTemplate(items: TrayMenuItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => menuItemOf(item, run));
}

export function createTrayAdapter(
  iconDir: string,
  onClick: () => void,
  run: (action: TrayAction) => void,
): TrayAdapter {
  const image = (name: TrayIconName) =>
    nativeImage.createFromPath(path.join(iconDir, trayIconFile(name, process.platform)));
  const tray = new Tray(image('problem'));
  let menu: Menu | null = null;
  const on = (gesture: TrayGesture, event: { ctrlKey?: boolean }) => {
    const action = trayGestureAction(process.platform, gesture, event);
    if (action === 'toggle-panel') onClick();
    else if (action === 'pop-up-menu' && menu) tray.popUpContextMenu(menu);
  };
  tray.on('click', (event) => on('click', event));
  tray.on('right-click', (event) => on('right-click', event));
  return {
    tray,
    setIcon: (name) => tray.setImage(image(name)),
    setTooltip: (text) => tray.setToolTip(text),
    // Where attached, set anew after each change: on Linux (StatusNotifierItem) a click may never
    // arrive, and a changed menu shows only once set again (electron/electron#1473).
    setMenu(items) {
      menu = Menu.buildFromTemplate(toTemplate(items, run));
      if (attachesMenu(process.platform)) tray.setContextMenu(menu);
    },
  };
}
