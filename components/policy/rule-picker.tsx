"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Dialog } from "@/components/ui/dialog";
import { inputClasses } from "@/components/ui/form-field";
import { SearchIcon } from "@/components/ui/icons";
import { RULE_CATEGORIES, type RuleKindDescriptor } from "@/lib/policy/rule-catalog";
import { CompatibilityMark } from "./compatibility-mark";

/** "Add Rule": the catalog of rule kinds grouped by category, searchable, with MCP marks. */
export function RulePicker({ open, onClose, catalog, onPick }: { open: boolean; onClose: () => void; catalog: RuleKindDescriptor[]; onPick: (entry: RuleKindDescriptor) => void }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matches = catalog.filter((entry) => !needle || entry.label.toLowerCase().includes(needle) || entry.summary.toLowerCase().includes(needle) || entry.category.toLowerCase().includes(needle));
    return RULE_CATEGORIES.map((category) => ({ category, entries: matches.filter((entry) => entry.category === category) })).filter((group) => group.entries.length > 0);
  }, [catalog, query]);

  return (
    <Dialog
      open={open}
      onClose={() => {
        setQuery("");
        onClose();
      }}
      title="Add Rule"
      description="Rules run in a fixed order of phases: CORS, validate, authenticate, authorize, shape, transform. Rules marked with a red cross cannot be used by MCP servers."
      size="lg"
    >
      <div className="relative mb-4">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
        <label htmlFor="rule-search" className="sr-only">
          Search rules
        </label>
        <input id="rule-search" type="search" autoFocus placeholder="Search rules" value={query} onChange={(event) => setQuery(event.target.value)} className={inputClasses(false, "pl-8")} />
      </div>
      {groups.length === 0 ? <p className="py-8 text-center text-sm text-slate-500">No rule matches “{query}”.</p> : null}
      <div className="space-y-5">
        {groups.map((group) => (
          <section key={group.category} aria-labelledby={`category-${group.category}`}>
            <h3 id={`category-${group.category}`} className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {group.category}
            </h3>
            <ul className="grid gap-2 sm:grid-cols-2">
              {group.entries.map((entry) => (
                <li key={entry.kind} className="flex items-start gap-2 rounded-lg p-3 ring-1 ring-slate-200 hover:bg-indigo-50/40 hover:ring-indigo-300">
                  <button
                    type="button"
                    data-rule-kind={entry.kind}
                    onClick={() => {
                      setQuery("");
                      onPick(entry);
                    }}
                    className="min-w-0 flex-1 rounded text-left"
                  >
                    <span className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                      {entry.label}
                      {entry.developmentOnly ? <Badge tone="amber">development only</Badge> : null}
                    </span>
                    <span className="mt-1 block text-xs leading-relaxed text-slate-500">{entry.summary}</span>
                    {!entry.mcp.compatible ? <span className="mt-1.5 block text-xs text-rose-700">Not for MCP servers: {entry.mcp.reason}</span> : null}
                  </button>
                  <CompatibilityMark compatible={entry.mcp.compatible} reason={entry.mcp.compatible ? undefined : entry.mcp.reason} className="mt-0.5" />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
