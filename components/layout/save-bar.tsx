"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useUnsavedChanges } from "./unsaved-changes";

/**
 * The bar fixed at the bottom of an editing page: whether there are unsaved changes, Cancel
 * (back to the list, asking first when there are) and the save button.
 */
export function SaveBar({
  dirty,
  saved,
  saving,
  onSave,
  cancelHref,
  saveLabel = "Save",
}: {
  dirty: boolean;
  saved: boolean;
  saving: boolean;
  onSave: () => void;
  cancelHref: string;
  saveLabel?: string;
}) {
  const router = useRouter();
  const guard = useUnsavedChanges();
  return (
    <div className="fixed inset-x-0 bottom-0 left-60 z-20 border-t border-slate-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex max-w-6xl items-center justify-end gap-3 px-6 py-3 lg:px-10">
        <span className="mr-auto text-sm text-slate-500" aria-live="polite">
          {dirty ? "Unsaved changes" : saved ? "All changes saved" : ""}
        </span>
        <Button
          onClick={() => {
            if (guard.confirmLeave()) {
              guard.setDirty(false);
              router.push(cancelHref);
            }
          }}
        >
          Cancel
        </Button>
        <Button variant="primary" onClick={onSave} loading={saving} disabled={saving || (saved && !dirty)}>
          {saveLabel}
        </Button>
      </div>
    </div>
  );
}
