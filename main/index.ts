// Electron entry: written with the tray (issue 3).
export {};
