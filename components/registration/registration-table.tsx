"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { CompatibilityMark } from "@/components/policy/compatibility-mark";
import { RelativeTime } from "@/components/policy/relative-time";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClasses } from "@/components/ui/form-field";
import { ApiIcon, PlusIcon, SearchIcon, ServerIcon } from "@/components/ui/icons";
import { REGISTRATION_COPY, type RegistrationKind } from "./registration-copy";
import type { RegistrationView } from "./registration-form";

type Row = RegistrationView & { policy: { id: string; name: string; incompatibleRules?: { label: string; reason: string }[] } | null };

const upstreamOf = (row: Row) => ("upstreamUrl" in row ? row.upstreamUrl : row.upstreamBaseUrl);

/** The list of MCP servers or of API services, searchable. */
export function RegistrationTable({ kind, rows, canCreate }: { kind: RegistrationKind; rows: Row[]; canCreate: boolean }) {
  const copy = REGISTRATION_COPY[kind];
  const [query, setQuery] = useState("");
  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return rows;
    return rows.filter((row) => [row.name, row.slug, row.description, upstreamOf(row)].some((text) => text.toLowerCase().includes(needle)));
  }, [rows, query]);

  if (rows.length === 0) {
    const Icon = kind === "mcp" ? ServerIcon : ApiIcon;
    return (
      <Card>
        <EmptyState
          icon={<Icon />}
          title={copy.empty.title}
          action={
            canCreate ? (
              <Link href={`${copy.listHref}/new`} className={buttonClasses("primary")}>
                <PlusIcon className="size-4" />
                {copy.registerTitle}
              </Link>
            ) : null
          }
        >
          {copy.empty.text}
        </EmptyState>
      </Card>
    );
  }

  return (
    <Card>
      <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-4 py-3">
        <div className="relative w-full max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
          <label htmlFor={`${kind}-search`} className="sr-only">
            {copy.searchLabel}
          </label>
          <input
            id={`${kind}-search`}
            type="search"
            placeholder={copy.searchLabel}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className={inputClasses(false, "pl-8")}
          />
        </div>
        <p className="text-sm whitespace-nowrap text-slate-500" aria-live="polite">
          {visible.length} of {rows.length} {rows.length === 1 ? copy.short : `${copy.short}s`}
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2.5">Name</th>
              <th scope="col" className="px-4 py-2.5">Gateway path</th>
              <th scope="col" className="px-4 py-2.5">Upstream</th>
              <th scope="col" className="px-4 py-2.5">Policy</th>
              <th scope="col" className="px-4 py-2.5">Status</th>
              <th scope="col" className="px-4 py-2.5">Last changed</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visible.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50/70">
                <td className="px-4 py-3 font-medium whitespace-nowrap">
                  <Link href={`${copy.listHref}/${row.id}`} className="text-indigo-700 hover:text-indigo-900 hover:underline">
                    {row.name}
                  </Link>
                </td>
                <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-700">{copy.path(row.slug)}</td>
                <td className="max-w-64 px-4 py-3 font-mono text-xs text-slate-600">
                  <span className="block truncate" title={upstreamOf(row)}>
                    {upstreamOf(row)}
                  </span>
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  {row.policy ? (
                    <span className="flex items-center gap-2">
                      <Link href={`/policies/${row.policy.id}`} className="text-slate-800 hover:text-indigo-800 hover:underline">
                        {row.policy.name}
                      </Link>
                      {row.policy.incompatibleRules ? (
                        <CompatibilityMark
                          compatible={row.policy.incompatibleRules.length === 0}
                          reason={row.policy.incompatibleRules.map((rule) => `${rule.label}: ${rule.reason}`).join(" ")}
                        />
                      ) : null}
                    </span>
                  ) : (
                    <Badge tone="amber">No policy</Badge>
                  )}
                </td>
                <td className="px-4 py-3">{row.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
                <td className="px-4 py-3 text-slate-600">
                  <span className="block whitespace-nowrap">
                    <RelativeTime iso={row.updatedAt} />
                  </span>
                  <span className="block text-xs text-slate-400">by {row.updatedBy}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {visible.length === 0 ? (
          <p className="px-4 py-10 text-center text-sm text-slate-500">
            No {copy.noun} matches “{query}”.
          </p>
        ) : null}
      </div>
    </Card>
  );
}
