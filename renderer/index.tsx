/** The panel's entry: connects to the tray's preload API and renders the panel. */
import { render } from 'preact';
import { App } from './App';
import { connectBridge } from './bridge';
import { PanelStoreContext } from './panel-context';
import { createPanelStore } from './panel-store';
import './panel.css';

const store = createPanelStore(connectBridge());
store.connect();
render(
  <PanelStoreContext.Provider value={store}>
    <App />
  </PanelStoreContext.Provider>,
  document.getElementById('root')!,
);
