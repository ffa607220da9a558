"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { ApiIcon, KeyIcon, LogoutIcon, ServerIcon, ShieldIcon, UsersIcon } from "@/components/ui/icons";
import { Logo } from "@/components/ui/logo";
import { useUnsavedChanges } from "./unsaved-changes";

const NAVIGATION = [
  { href: "/policies", label: "Policy Catalog", icon: ShieldIcon },
  { href: "/servers", label: "MCP Servers", icon: ServerIcon },
  { href: "/services", label: "API Services", icon: ApiIcon },
  { href: "/users", label: "Users", icon: UsersIcon },
  { href: "/api-tokens", label: "API Tokens", icon: KeyIcon },
];

export function Sidebar({ email, role }: { email: string; role: "admin" | "viewer" }) {
  const pathname = usePathname();
  const { confirmLeave } = useUnsavedChanges();
  return (
    <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col bg-slate-900 text-slate-300">
      <div className="flex items-center gap-2.5 px-5 py-5">
        <Logo />
        <span className="text-base font-semibold tracking-tight text-white">Gatehouse</span>
      </div>
      <nav aria-label="Main" className="flex-1 px-3">
        <ul className="space-y-1">
          {NAVIGATION.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                    active ? "bg-slate-800 text-white" : "hover:bg-slate-800/60 hover:text-white",
                  )}
                >
                  <item.icon className="size-5 shrink-0" />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="border-t border-slate-800 px-4 py-4">
        <Link
          href="/account"
          aria-current={pathname === "/account" ? "page" : undefined}
          className="block truncate rounded text-sm text-white hover:underline"
          title={`${email}: your account and password`}
        >
          {email}
        </Link>
        <div className="mt-2 flex items-center justify-between">
          <Badge tone={role === "admin" ? "indigo" : "neutral"}>{role}</Badge>
          <button
            type="button"
            onClick={() => confirmLeave() && void signOut({ callbackUrl: "/login" })}
            className="inline-flex items-center gap-1.5 rounded px-2 py-1 text-xs text-slate-400 hover:bg-slate-800 hover:text-white"
          >
            <LogoutIcon className="size-4" />
            Sign out
          </button>
        </div>
      </div>
    </aside>
  );
}
