"use client";

import { Badge } from "@/components/ui/badge";
import type { PolicyTemplate } from "@/lib/policy/templates";
import type { RuleKindDescriptor } from "@/lib/policy/rule-catalog";

/** "Start from a template": the three configurations a new user needs. */
export function TemplatePicker({ templates, catalog, onPick }: { templates: PolicyTemplate[]; catalog: RuleKindDescriptor[]; onPick: (template: PolicyTemplate) => void }) {
  return (
    <section aria-labelledby="templates-title" className="rounded-lg border border-dashed border-slate-300 bg-white/60 p-5">
      <h2 id="templates-title" className="text-sm font-semibold text-slate-900">
        Start from a template
      </h2>
      <p className="mt-1 text-sm text-slate-500">Fills in the rules; you complete their fields and save. Or add rules one by one below.</p>
      <ul className="mt-4 grid gap-3 md:grid-cols-3">
        {templates.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              onClick={() => onPick(template)}
              className="flex h-full w-full flex-col items-start rounded-lg bg-white p-4 text-left shadow-sm ring-1 ring-slate-200 transition hover:ring-indigo-400"
            >
              <span className="block text-sm font-semibold text-slate-900">{template.name}</span>
              <span className="mt-1 block text-xs leading-relaxed text-slate-500">{template.description}</span>
              <span className="mt-3 flex flex-wrap gap-1">
                {template.rules.map((rule, index) => (
                  <Badge key={index}>{catalog.find((entry) => entry.kind === rule.kind)?.label ?? rule.kind}</Badge>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
