"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClasses } from "@/components/ui/form-field";
import { PlusIcon, SearchIcon, ShieldIcon } from "@/components/ui/icons";
import { usedByText } from "@/components/registration/policy-options";
import type { PolicySummary } from "@/lib/catalog/list-policies";
import { CompatibilityMark } from "./compatibility-mark";
import { RelativeTime } from "./relative-time";

export function PolicyTable({ policies, canCreate }: { policies: PolicySummary[]; canCreate: boolean }) {
  const [query, setQuery] = useState("");
  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return policies;
    return policies.filter((policy) => policy.name.toLowerCase().includes(needle) || policy.description.toLowerCase().includes(needle));
  }, [policies, query]);

  if (policies.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={<ShieldIcon />}
          title="No policies yet"
          action={
            canCreate ? (
              <Link href="/policies/new" className={buttonClasses("primary")}>
                <PlusIcon className="size-4" />
                Create Policy
              </Link>
            ) : null
          }
        >
          Create a policy from rules, or start from a template: OAuth2 client credentials, JWT from your identity provider, or anonymous for development.
        </EmptyState>
      </Card>
    );
  }

  return (
    <Card>
      <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-4 py-3">
        <div className="relative w-full max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
          <label htmlFor="policy-search" className="sr-only">
            Search policies
          </label>
          <input
            id="policy-search"
            type="search"
            placeholder="Search policies"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className={inputClasses(false, "pl-8")}
          />
        </div>
        <p className="text-sm whitespace-nowrap text-slate-500" aria-live="polite">
          {visible.length} of {policies.length} {policies.length === 1 ? "policy" : "policies"}
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2.5">Name</th>
              <th scope="col" className="px-4 py-2.5">Description</th>
              <th scope="col" className="px-4 py-2.5 text-right">Rules</th>
              <th scope="col" className="px-4 py-2.5">Usable by</th>
              <th scope="col" className="px-4 py-2.5 text-right">Used by</th>
              <th scope="col" className="px-4 py-2.5">Last changed</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visible.map((policy) => (
              <tr key={policy.id} className="hover:bg-slate-50/70">
                <td className="px-4 py-3 font-medium whitespace-nowrap">
                  <Link href={`/policies/${policy.id}`} className="text-indigo-700 hover:text-indigo-900 hover:underline">
                    {policy.name}
                  </Link>
                </td>
                <td className="max-w-md px-4 py-3 text-slate-600">
                  <span className="line-clamp-2">{policy.description || <span className="text-slate-400">—</span>}</span>
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{policy.ruleCount}</td>
                <td className="px-4 py-3" data-testid="usable-by">
                  <span className="inline-flex items-center gap-2 whitespace-nowrap text-slate-600">
                    <CompatibilityMark
                      compatible={policy.usableBy.mcpServers}
                      reason={policy.incompatibleRules.map((rule) => `${rule.label}: ${rule.reason}`).join(" ")}
                    />
                    {policy.usableBy.mcpServers ? "MCP servers · API services" : "API services only"}
                  </span>
                </td>
                <td className="px-4 py-3 text-right whitespace-nowrap text-slate-600 tabular-nums">
                  {usedByText(policy.usedByServers, policy.usedByServices)}
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                  <RelativeTime iso={policy.updatedAt} /> <span className="text-slate-400">by {policy.updatedBy}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {visible.length === 0 ? <p className="px-4 py-10 text-center text-sm text-slate-500">No policy matches “{query}”.</p> : null}
      </div>
    </Card>
  );
}
