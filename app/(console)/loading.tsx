import { Spinner } from "@/components/ui/spinner";

/** Shown while a console page loads its data on the server. */
export default function Loading() {
  return (
    <div className="flex min-h-[50vh] items-center justify-center text-sm text-slate-500">
      <Spinner label="Loading…" />
    </div>
  );
}
