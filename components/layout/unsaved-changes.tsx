"use client";

import { createContext, useCallback, useContext, useEffect, useRef, type ReactNode } from "react";

const MESSAGE = "You have unsaved changes. Leave this page and lose them?";

type Guard = { setDirty: (dirty: boolean) => void; confirmLeave: () => boolean };

const GuardContext = createContext<Guard>({ setDirty: () => {}, confirmLeave: () => true });

/**
 * Guards unsaved work: closing or reloading the tab asks the browser's question, and a click
 * on a link inside the console asks ours before Next.js navigates away.
 */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const dirty = useRef(false);
  const setDirty = useCallback((value: boolean) => {
    dirty.current = value;
  }, []);
  const confirmLeave = useCallback(() => !dirty.current || window.confirm(MESSAGE), []);

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty.current) return;
      event.preventDefault();
      event.returnValue = "";
    };
    // Capture phase on document runs before React's root listener, so Next's <Link> never sees a refused click.
    const click = (event: MouseEvent) => {
      if (!dirty.current || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!anchor || anchor.getAttribute("target") === "_blank") return;
      const url = new URL((anchor as HTMLAnchorElement).href, window.location.href);
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.hash)) return;
      if (window.confirm(MESSAGE)) {
        dirty.current = false;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, []);

  return <GuardContext.Provider value={{ setDirty, confirmLeave }}>{children}</GuardContext.Provider>;
}

export function useUnsavedChanges(): Guard {
  return useContext(GuardContext);
}
