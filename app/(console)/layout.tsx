import type { ReactNode } from "react";
import { Sidebar } from "@/components/layout/sidebar";
import { UnsavedChangesProvider } from "@/components/layout/unsaved-changes";
import { ToastProvider } from "@/components/ui/toast";
import { requireSignedIn } from "@/lib/auth/current-actor";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireSignedIn();
  return (
    <ToastProvider>
      <UnsavedChangesProvider>
        <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
          Skip to content
        </a>
        <div className="flex min-h-screen">
          <Sidebar email={actor.email} role={actor.role} />
          <main id="main" className="min-w-0 flex-1 px-6 py-8 lg:px-10">
            <div className="mx-auto max-w-6xl">{children}</div>
          </main>
        </div>
      </UnsavedChangesProvider>
    </ToastProvider>
  );
}
