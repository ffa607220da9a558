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
import { PlusIcon, SearchIcon, ServerIcon } from "@/components/ui/icons";
import { gatewayPath } from "@/lib/catalog/gateway-url";
import type { ServerView } from "@/lib/catalog/server-view";

export function ServerTable({ servers, canCreate }: { servers: ServerView[]; canCreate: boolean }) {
  const [query, setQuery] = useState("");
  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return servers;
    return servers.filter((server) => [server.name, server.slug, server.description, server.upstreamUrl].some((text) => text.toLowerCase().includes(needle)));
  }, [servers, query]);

  if (servers.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={<ServerIcon />}
          title="No MCP servers yet"
          action={
            canCreate ? (
              <Link href="/servers/new" className={buttonClasses("primary")}>
                <PlusIcon className="size-4" />
                Register MCP Server
              </Link>
            ) : null
          }
        >
          Register an MCP server with its upstream URL and attach an authentication policy; clients then reach it through the gateway at /mcp/&lt;slug&gt;.
        </EmptyState>
      </Card>
    );
  }

  return (
    <Card>
      <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-4 py-3">
        <div className="relative w-full max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
          <label htmlFor="server-search" className="sr-only">
            Search MCP servers
          </label>
          <input
            id="server-search"
            type="search"
            placeholder="Search MCP servers"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className={inputClasses(false, "pl-8")}
          />
        </div>
        <p className="text-sm whitespace-nowrap text-slate-500" aria-live="polite">
          {visible.length} of {servers.length} {servers.length === 1 ? "server" : "servers"}
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
            {visible.map((server) => (
              <tr key={server.id} className="hover:bg-slate-50/70">
                <td className="px-4 py-3 font-medium whitespace-nowrap">
                  <Link href={`/servers/${server.id}`} className="text-indigo-700 hover:text-indigo-900 hover:underline">
                    {server.name}
                  </Link>
                </td>
                <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-700">{gatewayPath(server.slug)}</td>
                <td className="max-w-64 px-4 py-3 font-mono text-xs text-slate-600">
                  <span className="block truncate" title={server.upstreamUrl}>
                    {server.upstreamUrl}
                  </span>
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  {server.policy ? (
                    <span className="flex items-center gap-2">
                      <Link href={`/policies/${server.policy.id}`} className="text-slate-800 hover:text-indigo-800 hover:underline">
                        {server.policy.name}
                      </Link>
                      <CompatibilityMark
                        compatible={server.policy.incompatibleRules.length === 0}
                        reason={server.policy.incompatibleRules.map((rule) => `${rule.label}: ${rule.reason}`).join(" ")}
                      />
                    </span>
                  ) : (
                    <Badge tone="amber">No policy</Badge>
                  )}
                </td>
                <td className="px-4 py-3">
                  {server.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
                </td>
                <td className="px-4 py-3 text-slate-600">
                  <span className="block whitespace-nowrap">
                    <RelativeTime iso={server.updatedAt} />
                  </span>
                  <span className="block text-xs text-slate-400">by {server.updatedBy}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {visible.length === 0 ? <p className="px-4 py-10 text-center text-sm text-slate-500">No MCP server matches “{query}”.</p> : null}
      </div>
    </Card>
  );
}
