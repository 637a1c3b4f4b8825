/** Renders a component into happy-dom for a test, and flushes Preact's updates. */
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';

export interface Mounted {
  container: HTMLElement;
  unmount(): void;
}

export async function mount(vnode: ComponentChild): Promise<Mounted> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => render(vnode, container));
  return {
    container,
    unmount() {
      render(null, container);
      container.remove();
    },
  };
}

/** Runs `fn` and lets Preact re-render what it changed. */
export function update(fn: () => void | Promise<void>): Promise<void> {
  return act(fn);
}
