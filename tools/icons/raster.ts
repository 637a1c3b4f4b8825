/** Draws shapes given in a unit square, anti-aliased by supersampling: enough for crisp 16-px icons. */
import type { Image } from './png';

export type Shape =
  | { kind: 'circle'; cx: number; cy: number; r: number }
  | { kind: 'ring'; cx: number; cy: number; r: number; width: number }
  | { kind: 'capsule'; x1: number; y1: number; x2: number; y2: number; width: number }
  | { kind: 'triangle'; points: [number, number][] }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; radius: number };

export interface Layer {
  shape: Shape;
  /** [r, g, b] 0–255. */
  color: readonly [number, number, number];
  /** Cut the shape out of what is below instead of painting it. */
  erase?: boolean;
}

function inside(s: Shape, x: number, y: number): boolean {
  switch (s.kind) {
    case 'circle':
      return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
    case 'ring': {
      const d = Math.hypot(x - s.cx, y - s.cy);
      return d <= s.r && d >= s.r - s.width;
    }
    case 'capsule': {
      const dx = s.x2 - s.x1;
      const dy = s.y2 - s.y1;
      const t = Math.max(0, Math.min(1, ((x - s.x1) * dx + (y - s.y1) * dy) / (dx * dx + dy * dy)));
      return Math.hypot(x - (s.x1 + t * dx), y - (s.y1 + t * dy)) <= s.width / 2;
    }
    case 'triangle': {
      const [a, b, c] = s.points;
      const side = (p: [number, number], q: [number, number]) =>
        (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
      const d1 = side(a, b);
      const d2 = side(b, c);
      const d3 = side(c, a);
      return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
    }
    case 'rect': {
      const qx = Math.max(Math.abs(x - (s.x + s.w / 2)) - (s.w / 2 - s.radius), 0);
      const qy = Math.max(Math.abs(y - (s.y + s.h / 2)) - (s.h / 2 - s.radius), 0);
      return Math.hypot(qx, qy) <= s.radius;
    }
  }
}

const SAMPLES = 5;

export function rasterize(layers: readonly Layer[], size: number): Image {
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Composite each layer's coverage over the pixel (straight alpha, "over").
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of layers) {
        let hits = 0;
        for (let sy = 0; sy < SAMPLES; sy++) {
          for (let sx = 0; sx < SAMPLES; sx++) {
            if (inside(layer.shape, (px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) hits++;
          }
        }
        const cover = hits / (SAMPLES * SAMPLES);
        if (cover === 0) continue;
        if (layer.erase) {
          a *= 1 - cover;
          continue;
        }
        const outA = cover + a * (1 - cover);
        const mix = (src: number, dst: number) => (src * cover + dst * a * (1 - cover)) / outA;
        r = mix(layer.color[0], r);
        g = mix(layer.color[1], g);
        b = mix(layer.color[2], b);
        a = outA;
      }
      const i = (py * size + px) * 4;
      data[i] = Math.round(r);
      data[i + 1] = Math.round(g);
      data[i + 2] = Math.round(b);
      data[i + 3] = Math.round(a * 255);
    }
  }
  return { width: size, height: size, data };
}
