"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * Focus for the body of a Dialog that changes step (a form, then its result). A native
 * <dialog> focuses its first control (the close button) when it opens, and React's autoFocus
 * runs before the dialog is open, so it has no effect there. This focuses the first control
 * in `bodyRef` whenever the dialog opens or `step` changes (the Dialog's own effect runs
 * first, as the caller renders it); `focusFirstInvalid` takes the person to the field to fix.
 */
export function useDialogFocus(open: boolean, step: string) {
  const bodyRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) bodyRef.current?.querySelector<HTMLElement>("input, select, textarea, button")?.focus();
  }, [open, step]);
  const focusFirstInvalid = useCallback(() => {
    requestAnimationFrame(() => bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }, []);
  return { bodyRef, focusFirstInvalid };
}
