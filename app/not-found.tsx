import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-500">It may have been deleted, or the link is wrong.</p>
      <Link href="/policies" className={buttonClasses("primary", "md", "mt-6")}>
        Back to the Policy Catalog
      </Link>
    </main>
  );
}
