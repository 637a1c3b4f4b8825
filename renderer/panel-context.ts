/** The panel store, handed to components through context so that each test builds a fresh one. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelStore } from './panel-store';

export const PanelStoreContext = createContext<PanelStore | null>(null);

export function usePanelStore(): PanelStore {
  const store = useContext(PanelStoreContext);
  if (!store) throw new Error('usePanelStore() needs a <PanelStoreContext.Provider> above it');
  return store;
}
