import { render } from 'preact';
import './panel.css';

render(<main>Covalent Dask</main>, document.getElementById('root')!);
