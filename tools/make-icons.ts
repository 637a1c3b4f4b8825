/**
 * Writes every icon the app and its installers use, from the shapes in tools/icons/tray-icons.ts.
 * Usage: node make-icons.js OUTPUT_DIR (npm run build runs it into dist/icons).
 */
import fs from 'node:fs';
import path from 'node:path';
import { TRAY_ICON_NAMES } from '../main/tray/tray-icon';
import { encodeIco, encodePng } from './icons/png';
import { rasterize } from './icons/raster';
import { appIconLayers, trayIconLayers } from './icons/tray-icons';

export const TRAY_SIZES = [16, 24, 32];

export function writeIcons(out: string): string[] {
  fs.mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const put = (name: string, data: Buffer) => {
    fs.writeFileSync(path.join(out, name), data);
    written.push(name);
  };
  for (const name of TRAY_ICON_NAMES) {
    const color = trayIconLayers(name, false);
    const template = trayIconLayers(name, true);
    for (const size of TRAY_SIZES) {
      put(`tray-${name}-${size}.png`, encodePng(rasterize(color, size)));
      put(`tray-${name}-${size}@2x.png`, encodePng(rasterize(color, size * 2)));
    }
    // What the app loads (main/tray/tray-icon.ts trayIconFile): Linux 24 px, macOS 16 pt templates, Windows .ico.
    put(`tray-${name}.png`, encodePng(rasterize(color, 24)));
    put(`tray-${name}@2x.png`, encodePng(rasterize(color, 48)));
    put(`tray-${name}Template.png`, encodePng(rasterize(template, 16)));
    put(`tray-${name}Template@2x.png`, encodePng(rasterize(template, 32)));
    put(`tray-${name}.ico`, encodeIco([16, 20, 24, 32, 40, 48].map((s) => rasterize(color, s))));
  }
  const app = appIconLayers();
  put('app.png', encodePng(rasterize(app, 512)));
  put('app.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((s) => rasterize(app, s))));
  return written;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: make-icons OUTPUT_DIR');
  console.log(`icons: ${writeIcons(path.resolve(out)).length} files in ${out}`);
}
