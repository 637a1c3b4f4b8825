/** Where Covalent keeps covalent.conf, found the way covalent/_shared_files/defaults.py finds it. */
import path from 'node:path';

export interface ConfigLocation {
  path: string;
  /** What decided the path, for the "not configured" message. */
  source: '--config' | 'COVALENT_CONFIG_DIR' | 'XDG_CONFIG_DIR' | 'HOME';
}

/**
 * Covalent's rule: $COVALENT_CONFIG_DIR/covalent.conf, else $XDG_CONFIG_DIR/covalent.conf
 * (XDG_CONFIG_DIR, not the standard XDG_CONFIG_HOME, and no covalent/ subfolder), else
 * $HOME/.config/covalent/covalent.conf. An empty variable counts as unset, as Python's `or` does.
 */
export function locateConfig(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
  override?: string,
): ConfigLocation {
  if (override) return { path: path.resolve(override), source: '--config' };
  if (env.COVALENT_CONFIG_DIR) {
    return { path: path.join(env.COVALENT_CONFIG_DIR, 'covalent.conf'), source: 'COVALENT_CONFIG_DIR' };
  }
  if (env.XDG_CONFIG_DIR) {
    return { path: path.join(env.XDG_CONFIG_DIR, 'covalent.conf'), source: 'XDG_CONFIG_DIR' };
  }
  return { path: path.join(env.HOME || homeDir, '.config', 'covalent', 'covalent.conf'), source: 'HOME' };
}
