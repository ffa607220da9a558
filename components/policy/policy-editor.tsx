"use client";

import { useRouter } from "next/navigation";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useEffect, useMemo, useRef, useState } from "react";
import { deletePolicyAction, duplicatePolicyAction, savePolicyAction } from "@/app/(console)/policies/actions";
import { SaveBar } from "@/components/layout/save-bar";
import { useUnsavedChanges } from "@/components/layout/unsaved-changes";
import { ValidationSummary } from "@/components/ui/validation-summary";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { DuplicateIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast";
import type { IssuedApiKey } from "@/lib/catalog/rule-api-keys";
import type { FieldIssue } from "@/lib/catalog/errors";
import type { PolicyView } from "@/lib/catalog/policy-view";
import type { FieldDescriptor } from "@/lib/policy/fields";
import type { RuleKindDescriptor } from "@/lib/policy/rule-catalog";
import type { PolicyTemplate } from "@/lib/policy/templates";
import { CompatibilityMark } from "./compatibility-mark";
import { describeIssuePath, draftFromView, draftToInput, fieldDomId, focusIssue, issueMap, newDraftRule, newKey, type DraftPolicy, type DraftRule } from "./draft";
import { IssuedKeysDialog } from "./issued-keys-dialog";
import { RelativeTime } from "./relative-time";
import { RuleCard } from "./rule-card";
import { RulePicker } from "./rule-picker";
import { TemplatePicker } from "./template-picker";

type Props = {
  policy: PolicyView | null;
  catalog: RuleKindDescriptor[];
  commonFields: FieldDescriptor[];
  templates: PolicyTemplate[];
  readOnly: boolean;
};

const EMPTY: DraftPolicy = { name: "", description: "", rules: [] };

/** Create Policy and the policy editor: one form for the policy, its ordered rules and their fields. */
export function PolicyEditor({ policy, catalog, commonFields, templates, readOnly }: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const toast = useToast();
  const guard = useUnsavedChanges();
  const [draft, setDraft] = useState<DraftPolicy>(() => (policy ? draftFromView(policy) : EMPTY));
  const [saved, setSaved] = useState<PolicyView | null>(policy);
  const [dirty, setDirty] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [message, setMessage] = useState<{ tone: "error" | "warning"; text: string; conflict?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [issuedKeys, setIssuedKeys] = useState<IssuedApiKey[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const lastAdded = useRef<string | null>(null);

  const issuesByPath = useMemo(() => issueMap(issues), [issues]);
  const entryOf = (kind: string) => catalog.find((entry) => entry.kind === kind)!;
  const incompatible = draft.rules.filter((rule) => !entryOf(rule.kind).mcp.compatible);

  useEffect(() => guard.setDirty(dirty), [dirty, guard]);
  useEffect(() => () => guard.setDirty(false), [guard]);
  useEffect(() => {
    if (!lastAdded.current) return;
    document.getElementById(`rule-title-${lastAdded.current}`)?.closest("article")?.scrollIntoView({ block: "start", behavior: "smooth" });
    lastAdded.current = null;
  }, [draft.rules.length]);

  function change(next: Partial<DraftPolicy>) {
    setDraft((current) => ({ ...current, ...next }));
    setDirty(true);
  }

  function changeRules(update: (rules: DraftRule[]) => DraftRule[], structural = false) {
    setDraft((current) => ({ ...current, rules: update(current.rules) }));
    setDirty(true);
    // Issue paths name rules by position; after a reorder or removal they would point at the wrong rule.
    if (structural) setIssues([]);
  }

  function addRule(entry: RuleKindDescriptor) {
    const rule = newDraftRule(entry);
    lastAdded.current = rule.key;
    changeRules((rules) => [...rules, rule]);
    setPickerOpen(false);
  }

  function applyTemplate(template: PolicyTemplate) {
    change({
      name: draft.name || template.name,
      description: draft.description || template.description,
      rules: template.rules.map((rule) => newDraftRule(entryOf(rule.kind), rule.config)),
    });
    setIssues([]);
  }

  async function save() {
    setSaving(true);
    setMessage(null);
    const result = await savePolicyAction(saved?.id ?? null, draftToInput(draft));
    setSaving(false);
    if (!result.ok) {
      setIssues(result.issues);
      setMessage({ tone: "error", text: result.message, conflict: result.code === "conflict" });
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const { policy: view, issuedKeys: keys } = result.data;
    const created = !saved;
    setSaved(view);
    // Keep open/closed state of cards; take ids, version and normalised values from the server.
    setDraft((current) => {
      const next = draftFromView(view);
      next.rules = next.rules.map((rule, index) => ({ ...rule, key: current.rules[index]?.key ?? newKey(), open: current.rules[index]?.open ?? true }));
      return next;
    });
    setIssues([]);
    setDirty(false);
    guard.setDirty(false);
    setIssuedKeys(keys);
    toast("success", created ? `Policy “${view.name}” created` : `Policy “${view.name}” saved`);
    if (created) {
      // The URL follows the saved policy without remounting, so the new keys dialog stays open.
      window.history.replaceState(null, "", `/policies/${view.id}`);
    }
  }

  async function remove() {
    if (!saved) return;
    const result = await deletePolicyAction(saved.id);
    setConfirmDelete(false);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.message });
      return;
    }
    guard.setDirty(false);
    toast("success", `Policy “${saved.name}” deleted`);
    router.push("/policies");
    router.refresh();
  }

  async function duplicate() {
    if (!saved || !guard.confirmLeave()) return;
    const result = await duplicatePolicyAction(saved.id);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.message });
      return;
    }
    guard.setDirty(false);
    toast("success", `Created “${result.data.name}”`);
    router.push(`/policies/${result.data.id}`);
  }

  const title = saved ? saved.name : "Create Policy";

  return (
    <div className="pb-24" data-hydrated={hydrated || undefined}>
      <PageHeader
        breadcrumbs={[{ label: "Policy Catalog", href: "/policies" }]}
        title={
          <span className="flex items-center gap-3">
            {title}
            {readOnly ? <Badge>read-only</Badge> : null}
          </span>
        }
        description={
          saved ? (
            <>
              Version {saved.version} · changed <RelativeTime iso={saved.updatedAt} /> by {saved.updatedBy}
            </>
          ) : (
            "Name the policy, add rules from the catalog, configure each rule, and save. MCP servers and API services use it once it is attached to them."
          )
        }
        actions={
          !readOnly && saved ? (
            <>
              <Button onClick={duplicate}>
                <DuplicateIcon className="size-4" />
                Duplicate
              </Button>
              <Button variant="secondary" className="text-rose-700" onClick={() => setConfirmDelete(true)}>
                <TrashIcon className="size-4" />
                Delete
              </Button>
            </>
          ) : null
        }
      />

      {message ? (
        <ValidationSummary
          summaryRef={summaryRef}
          message={message}
          issues={issues}
          fieldId={fieldDomId}
          label={(path) => describeIssuePath(path, draft, catalog, commonFields)}
          onJump={(path) => {
            // A collapsed rule card is opened first, so that its field exists to focus.
            const ruleIndex = path.startsWith("rules.") ? Number(path.split(".")[1]) : -1;
            const rule = draft.rules[ruleIndex];
            if (rule && !rule.open) {
              changeRules((rules) => rules.map((r, i) => (i === ruleIndex ? { ...r, open: true } : r)));
              requestAnimationFrame(() => focusIssue(path));
            } else focusIssue(path);
          }}
          onReload={() => {
            guard.setDirty(false);
            window.location.reload();
          }}
        />
      ) : null}

      <div className="space-y-6">
        <Card className="p-5">
          <div className="grid gap-5 md:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
            <FormField id={fieldDomId("name")} label="Name" required error={issuesByPath.get("name")} help="Unique in the catalog; shown when you attach the policy to a server or service.">
              <input
                id={fieldDomId("name")}
                value={draft.name}
                disabled={readOnly}
                maxLength={100}
                onChange={(event) => change({ name: event.target.value })}
                placeholder="MCP OAuth2 Policy"
                className={inputClasses(issuesByPath.has("name"))}
                aria-invalid={issuesByPath.has("name") || undefined}
                aria-describedby={describedBy(fieldDomId("name"), { help: true, error: issuesByPath.get("name") })}
              />
            </FormField>
            <FormField id={fieldDomId("description")} label="Description" error={issuesByPath.get("description")} help="What the policy is for, so others pick the right one.">
              <textarea
                id={fieldDomId("description")}
                value={draft.description}
                disabled={readOnly}
                rows={2}
                onChange={(event) => change({ description: event.target.value })}
                placeholder="Who may call which tools, and why"
                className={inputClasses(issuesByPath.has("description"), "resize-y")}
                aria-describedby={describedBy(fieldDomId("description"), { help: true, error: issuesByPath.get("description") })}
              />
            </FormField>
          </div>
        </Card>

        {!saved && !readOnly && draft.rules.length === 0 ? <TemplatePicker templates={templates} catalog={catalog} onPick={applyTemplate} /> : null}

        <section aria-labelledby="rules-title">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
            <div className="flex items-center gap-3">
              <h2 id="rules-title" className="text-base font-semibold text-slate-900">
                Rules
              </h2>
              <span className="text-sm text-slate-500">{draft.rules.length === 1 ? "1 rule" : `${draft.rules.length} rules`}</span>
              {draft.rules.length > 0 ? (
                <span className="flex items-center gap-1.5 text-sm text-slate-600">
                  <CompatibilityMark
                    compatible={incompatible.length === 0}
                    reason={incompatible.map((rule) => entryOf(rule.kind).label).join(", ") + " cannot be used by MCP servers."}
                  />
                  <span>{incompatible.length === 0 ? "Works with MCP servers" : "Not for MCP servers"}</span>
                </span>
              ) : null}
            </div>
            {!readOnly ? (
              <Button onClick={() => setPickerOpen(true)}>
                <PlusIcon className="size-4" />
                Add Rule
              </Button>
            ) : null}
          </div>

          {draft.rules.length === 0 ? (
            <Card className="px-6 py-10 text-center text-sm text-slate-500">
              {readOnly ? "This policy has no rules." : "No rules yet. Add an authenticator first; callers that no rule authenticates are refused."}
            </Card>
          ) : (
            <ol className="space-y-3">
              {draft.rules.map((rule, index) => (
                <li key={rule.key}>
                  <RuleCard
                    rule={rule}
                    index={index}
                    count={draft.rules.length}
                    entry={entryOf(rule.kind)}
                    commonFields={commonFields}
                    issues={issuesByPath}
                    readOnly={readOnly}
                    policyId={saved?.id}
                    onChange={(next) => changeRules((rules) => rules.map((r) => (r.key === rule.key ? next : r)))}
                    onMove={(delta) =>
                      changeRules((rules) => {
                        const next = [...rules];
                        const [moved] = next.splice(index, 1);
                        next.splice(index + delta, 0, moved!);
                        return next;
                      }, true)
                    }
                    onDuplicate={() =>
                      changeRules((rules) => {
                        const copy = { ...structuredClone(rule), key: newKey(), id: undefined };
                        // A copied API Key Authenticator starts without keys: a key belongs to one rule.
                        if (copy.kind === "api-key-authenticator") copy.config = { ...copy.config, keys: [] };
                        return [...rules.slice(0, index + 1), copy, ...rules.slice(index + 1)];
                      }, true)
                    }
                    onRemove={() => changeRules((rules) => rules.filter((r) => r.key !== rule.key), true)}
                  />
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      {!readOnly ? <SaveBar dirty={dirty} saved={!!saved} saving={saving} onSave={save} cancelHref="/policies" /> : null}

      <RulePicker open={pickerOpen} onClose={() => setPickerOpen(false)} catalog={catalog} onPick={addRule} />
      <IssuedKeysDialog keys={issuedKeys} onClose={() => setIssuedKeys([])} />
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${saved?.name}”?`}
        description="The policy and its rules are removed for good; its API keys stop working at once."
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button variant="danger" onClick={remove}>
              Delete policy
            </Button>
          </>
        }
      />
    </div>
  );
}
