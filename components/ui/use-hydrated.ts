"use client";

import { useEffect, useState } from "react";

/**
 * True once the component has hydrated. Forms mark themselves with it (`data-hydrated`), so
 * that end-to-end tests type only into inputs React controls: typing into the server-rendered
 * HTML before hydration can be undone by React.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
