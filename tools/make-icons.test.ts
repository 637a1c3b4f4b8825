import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TRAY_ICON_NAMES } from '../main/tray/tray-icon';
import { decodePng } from './icons/png';
import { TRAY_SIZES, writeIcons } from './make-icons';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'icons-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
const files = writeIcons(out);
const read = (name: string) => decodePng(fs.readFileSync(path.join(out, name)));

describe('make-icons', () => {
  it('writes every file the app and the installers load', () => {
    for (const name of TRAY_ICON_NAMES) {
      for (const f of [
        `tray-${name}.png`,
        `tray-${name}@2x.png`,
        `tray-${name}Template.png`,
        `tray-${name}Template@2x.png`,
        `tray-${name}.ico`,
      ]) {
        expect(files).toContain(f);
      }
      for (const size of TRAY_SIZES) {
        expect(read(`tray-${name}-${size}.png`).width).toBe(size);
        expect(read(`tray-${name}-${size}@2x.png`).width).toBe(size * 2);
      }
    }
    expect(read('app.png')).toMatchObject({ width: 512, height: 512 });
  });

  it('makes macOS template images black, with only alpha varying', () => {
    for (const name of TRAY_ICON_NAMES) {
      const img = read(`tray-${name}Template.png`);
      for (let i = 0; i < img.data.length; i += 4) {
        if (img.data[i + 3]! > 0) expect([img.data[i], img.data[i + 1], img.data[i + 2]]).toEqual([0, 0, 0]);
      }
    }
  });

  it('tells every state apart at 16 px', () => {
    const imgs = TRAY_ICON_NAMES.map((n) => read(`tray-${n}-16.png`));
    for (let a = 0; a < imgs.length; a++) {
      for (let b = a + 1; b < imgs.length; b++) {
        let diff = 0;
        for (let i = 0; i < imgs[a]!.data.length; i++) diff += Math.abs(imgs[a]!.data[i]! - imgs[b]!.data[i]!);
        // at least ~12 fully different pixels' worth
        expect(diff, `${TRAY_ICON_NAMES[a]} vs ${TRAY_ICON_NAMES[b]}`).toBeGreaterThan(12 * 255 * 2);
      }
    }
  });

  it('colours the running mark green and the problem mark red (Linux, Windows)', () => {
    const pixel = (name: string, x: number, y: number) => {
      const img = read(`tray-${name}-32.png`);
      const i = (y * 32 + x) * 4;
      return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    };
    const [r1, g1] = pixel('running', 23, 23);
    expect(g1).toBeGreaterThan(r1! + 60);
    const [r2, g2] = pixel('problem', 23, 23);
    expect(r2).toBeGreaterThan(g2! + 100);
  });

  it('writes .ico files that hold PNGs of several sizes', () => {
    const ico = fs.readFileSync(path.join(out, 'tray-running.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    expect(count).toBe(6);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16]);
    expect(sizes).toEqual([16, 20, 24, 32, 40, 48]);
    const offset = ico.readUInt32LE(6 + 12);
    expect(decodePng(ico.subarray(offset, offset + ico.readUInt32LE(6 + 8))).width).toBe(16);
  });
});
