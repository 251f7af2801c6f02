import { createElement, lazy, useState, type ComponentType } from 'react';

export interface LazyPage {
  (): ReturnType<typeof createElement>;
  /** Starts loading the page's chunk (once); resolves when it is in. */
  preload: () => Promise<unknown>;
}

/**
 * A page in its own chunk, like React.lazy, except that a page whose chunk is already loaded
 * renders at once instead of suspending. React 19 keeps a revealed Suspense fallback on screen for
 * at least 300 ms, so suspending on the first page of a visit would delay it by that much even
 * when its chunk arrives a few milliseconds later (main.tsx preloads that chunk before rendering).
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (loading ??= load().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(preload);
  function Page() {
    // Decided once per mount: switching between the two later would remount the page.
    const [Loaded] = useState(() => loaded);
    return createElement(Loaded ?? Lazy);
  }
  return Object.assign(Page, { preload });
}
