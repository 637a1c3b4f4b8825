/**
 * A Dask task key as one string, the same on both Dask versions: a string key as it is; a tuple
 * key, which current Dask sends as an array and 2022.12 as the text of its Python repr
 * (dask.utils.stringify), as that text.
 */

/** Python's repr of a key part, as 2022.12's stringify writes tuple keys. */
function reprPart(v: unknown): string {
  if (typeof v === 'string') return `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return `(${v.map(reprPart).join(', ')}${v.length === 1 ? ',' : ''})`;
  return '?';
}

/** A key as one string, the same on both Dask versions; null for what is not a key. */
export function taskKeyText(key: unknown): string | null {
  if (typeof key === 'string') return key.length <= 500 ? key : `${key.slice(0, 499)}…`;
  if (typeof key === 'number' && Number.isFinite(key)) return String(key);
  if (Array.isArray(key) && key.length > 0 && key.length <= 16) return reprPart(key);
  return null;
}
