/** Mounts the whole panel over a test API, connected, for the component tests. */
import { App } from '../App';
import { PanelStoreContext } from '../panel-context';
import { type PanelStore, createPanelStore } from '../panel-store';
import { type TestApi, createTestApi } from './fake-panel-api';
import { makeSnapshot } from '../../testing/fixtures';
import { type Mounted, mount, update } from './mount';

export interface MountedPanel extends Mounted {
  t: TestApi;
  root: HTMLElement;
  store: PanelStore;
}

export async function mountPanel(api: TestApi = createTestApi({ snapshot: makeSnapshot() })): Promise<MountedPanel> {
  const store = createPanelStore(api.api);
  const m = await mount(
    <PanelStoreContext.Provider value={store}>
      <App />
    </PanelStoreContext.Provider>,
  );
  await update(async () => {
    store.connect();
    await new Promise((r) => setTimeout(r, 0));
  });
  return { ...m, t: api, root: m.container, store };
}
