"use client";

import { useRouter } from "next/navigation";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { deleteServerAction, saveServerAction, testConnectionAction } from "@/app/(console)/servers/actions";
import { deleteServiceAction, saveServiceAction } from "@/app/(console)/services/actions";
import { SaveBar } from "@/components/layout/save-bar";
import { useUnsavedChanges } from "@/components/layout/unsaved-changes";
import { RelativeTime } from "@/components/policy/relative-time";
import { ValidationSummary } from "@/components/ui/validation-summary";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { ConnectionTestResultPanel } from "@/components/server/connection-test-result";
import type { FieldIssue } from "@/lib/catalog/errors";
import type { ConnectionTestResult } from "@/lib/catalog/probe-upstream";
import { REGISTRATION_NAME_MAX, REGISTRATION_TIMEOUT, UPSTREAM_URL_MAX } from "@/lib/catalog/registration-fields";
import { SERVER_SLUG_MAX, slugFromName } from "@/lib/catalog/server-slug";
import type { ServerView } from "@/lib/catalog/server-view";
import type { ServiceView } from "@/lib/catalog/service-view";
import { PolicyPicker } from "./policy-picker";
import type { PolicyOption } from "./policy-options";
import { REGISTRATION_COPY, type RegistrationKind } from "./registration-copy";

/** An MCP server or an API service, as saved. */
export type RegistrationView = ServerView | ServiceView;

type Props = {
  kind: RegistrationKind;
  registration: RegistrationView | null;
  policies: PolicyOption[];
  readOnly: boolean;
  /** Shown between the header and the form: the gateway URL and client snippets of a saved registration. */
  connect?: ReactNode;
};

/** The saved upstream: an MCP server's URL, an API service's base URL. */
function upstreamOf(view: RegistrationView): string {
  return "upstreamUrl" in view ? view.upstreamUrl : view.upstreamBaseUrl;
}

/** The input field each kind's schema reads the upstream from (and reports its issues at). */
const UPSTREAM_FIELD = { mcp: "upstreamUrl", api: "upstreamBaseUrl" } as const;

const ACTIONS = {
  mcp: { save: saveServerAction, remove: deleteServerAction },
  api: { save: saveServiceAction, remove: deleteServiceAction },
} as const;

/** The form's working copy. The timeout stays text while typing; the server validates the number. */
type Draft = {
  name: string;
  slug: string;
  /** Once someone edits the slug (or the registration is saved), it no longer follows the name. */
  slugFollowsName: boolean;
  description: string;
  upstream: string;
  policyId: string | null;
  enabled: boolean;
  /** Whether someone set the switch; until then it follows the policy choice. */
  enabledTouched: boolean;
  timeoutSeconds: string;
};

function draftOf(saved: RegistrationView | null): Draft {
  if (!saved) {
    return {
      name: "",
      slug: "",
      slugFollowsName: true,
      description: "",
      upstream: "",
      policyId: null,
      enabled: false,
      enabledTouched: false,
      timeoutSeconds: String(REGISTRATION_TIMEOUT.default),
    };
  }
  return {
    name: saved.name,
    slug: saved.slug,
    slugFollowsName: false,
    description: saved.description,
    upstream: upstreamOf(saved),
    policyId: saved.policyId,
    enabled: saved.enabled,
    enabledTouched: true,
    timeoutSeconds: String(saved.timeoutSeconds),
  };
}

/** A number when the text is one; otherwise null, which the schema reports as "Enter a number of seconds". */
function timeoutValue(text: string): number | null {
  return text.trim() === "" || Number.isNaN(Number(text)) ? null : Number(text);
}

function fieldLabels(kind: RegistrationKind): Record<string, string> {
  return {
    name: "Name",
    slug: "Slug",
    description: "Description",
    [UPSTREAM_FIELD[kind]]: REGISTRATION_COPY[kind].upstreamLabel,
    policyId: REGISTRATION_COPY[kind].policyTitle,
    enabled: "Enabled",
    timeoutSeconds: "Request timeout",
  };
}

/**
 * Register MCP Server / Register API Service and their pages: one form for a registration.
 * Field ids follow the input's paths (`server-upstreamUrl`, `service-upstreamBaseUrl`), so that
 * the summary of issues links to them.
 */
export function RegistrationForm({ kind, registration, policies, readOnly, connect }: Props) {
  const copy = REGISTRATION_COPY[kind];
  const upstreamField = UPSTREAM_FIELD[kind];
  const domId = (path: string) => `${kind === "mcp" ? "server" : "service"}-${path}`;
  const router = useRouter();
  const hydrated = useHydrated();
  const toast = useToast();
  const guard = useUnsavedChanges();
  const [saved, setSaved] = useState<RegistrationView | null>(registration);
  const [draft, setDraft] = useState<Draft>(() => draftOf(registration));
  const [dirty, setDirty] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [message, setMessage] = useState<{ text: string; conflict?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<ConnectionTestResult | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const issuesByPath = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of issues) map.set(issue.path, map.has(issue.path) ? `${map.get(issue.path)}\n${issue.message}` : issue.message);
    return map;
  }, [issues]);

  useEffect(() => guard.setDirty(dirty), [dirty, guard]);
  useEffect(() => () => guard.setDirty(false), [guard]);

  function change(next: Partial<Draft>) {
    setDraft((current) => {
      const merged = { ...current, ...next };
      if (merged.slugFollowsName) merged.slug = slugFromName(merged.name);
      return merged;
    });
    setDirty(true);
  }

  function choosePolicy(policyId: string | null) {
    // Until someone sets the switch, a registration is enabled exactly when it has a policy.
    change(draft.enabledTouched && policyId !== null ? { policyId } : { policyId, enabled: policyId !== null });
  }

  async function testConnection() {
    setTesting(true);
    setTestResult(null);
    const result = await testConnectionAction({ upstreamUrl: draft.upstream, timeoutSeconds: timeoutValue(draft.timeoutSeconds) });
    setTesting(false);
    if (!result.ok) {
      setIssues(result.issues);
      if (result.issues.length === 0) setMessage({ text: result.message });
      return;
    }
    setIssues((current) => current.filter((issue) => issue.path !== upstreamField && issue.path !== "timeoutSeconds"));
    setTestResult(result.data);
  }

  async function save() {
    setSaving(true);
    setMessage(null);
    const input = {
      name: draft.name,
      slug: draft.slug,
      description: draft.description,
      [upstreamField]: draft.upstream,
      policyId: draft.policyId,
      enabled: draft.enabled,
      timeoutSeconds: timeoutValue(draft.timeoutSeconds),
      version: saved?.version,
    };
    const result = await ACTIONS[kind].save(saved?.id ?? null, input);
    setSaving(false);
    if (!result.ok) {
      setIssues(result.issues);
      setMessage({ text: result.message, conflict: result.code === "conflict" });
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const view = result.data;
    setIssues([]);
    setDirty(false);
    guard.setDirty(false);
    if (!saved) {
      toast("success", `${copy.noun} “${view.name}” registered`);
      router.push(`${copy.listHref}/${view.id}`);
      return;
    }
    setSaved(view);
    setDraft(draftOf(view));
    toast("success", `${copy.noun} “${view.name}” saved`);
    // The gateway URL and the snippets follow the saved slug and policy.
    router.refresh();
  }

  async function remove() {
    if (!saved) return;
    setDeleting(true);
    const result = await ACTIONS[kind].remove(saved.id);
    setDeleting(false);
    setConfirmDelete(false);
    if (!result.ok) {
      setMessage({ text: result.message });
      return;
    }
    guard.setDirty(false);
    toast("success", `${copy.noun} “${saved.name}” deleted`);
    router.push(copy.listHref);
    router.refresh();
  }

  const field = (path: string) => ({
    id: domId(path),
    invalid: issuesByPath.has(path),
    error: issuesByPath.get(path),
    describedBy: (help: boolean) => describedBy(domId(path), { help, error: issuesByPath.get(path) }),
  });
  const name = field("name");
  const slug = field("slug");
  const description = field("description");
  const upstream = field(upstreamField);
  const timeout = field("timeoutSeconds");
  const policy = field("policyId");
  const slugChanged = saved !== null && draft.slug !== saved.slug;

  return (
    <div className="pb-24" data-hydrated={hydrated || undefined}>
      <PageHeader
        breadcrumbs={[{ label: copy.listTitle, href: copy.listHref }]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {saved ? saved.name : copy.registerTitle}
            {saved ? saved.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge> : null}
            {readOnly ? <Badge>read-only</Badge> : null}
          </span>
        }
        description={
          saved ? (
            <>
              Version {saved.version} · changed <RelativeTime iso={saved.updatedAt} /> by {saved.updatedBy}
            </>
          ) : (
            copy.registerIntro
          )
        }
        actions={
          !readOnly && saved ? (
            <Button variant="secondary" className="text-rose-700" onClick={() => setConfirmDelete(true)}>
              <TrashIcon className="size-4" />
              Delete
            </Button>
          ) : null
        }
      />

      {message ? (
        <ValidationSummary
          summaryRef={summaryRef}
          message={message}
          issues={issues}
          fieldId={domId}
          label={(path) => fieldLabels(kind)[path] ?? path}
          onJump={(path) => {
            const element = document.getElementById(domId(path));
            element?.scrollIntoView({ block: "center", behavior: "smooth" });
            element?.focus({ preventScroll: true });
          }}
          onReload={() => {
            guard.setDirty(false);
            window.location.reload();
          }}
        />
      ) : null}

      <div className="space-y-6">
        {connect}

        <Card>
          <CardHeader title={copy.identityCard.title} description={copy.identityCard.description} />
          <div className="grid gap-5 px-5 py-4 md:grid-cols-2">
            <FormField id={name.id} label="Name" required error={name.error} help="Unique; shown in the console and in the audit of changes.">
              <input
                id={name.id}
                value={draft.name}
                disabled={readOnly}
                maxLength={REGISTRATION_NAME_MAX}
                autoComplete="off"
                onChange={(event) => change({ name: event.target.value })}
                placeholder={copy.namePlaceholder}
                className={inputClasses(name.invalid)}
                aria-invalid={name.invalid || undefined}
                aria-describedby={name.describedBy(true)}
              />
            </FormField>
            <FormField
              id={slug.id}
              label="Slug"
              required
              error={slug.error}
              warning={slugChanged ? `Clients configured with ${copy.path(saved.slug)} stop reaching this ${copy.short} when you save.` : undefined}
              help={
                <>
                  The gateway path: <code className="font-mono">{copy.path(draft.slug || "…")}</code>. Lowercase letters, digits and hyphens, up to {SERVER_SLUG_MAX}{" "}
                  characters{saved ? "" : "; derived from the name until you edit it"}.
                </>
              }
            >
              <div className="flex rounded-md shadow-sm">
                <span className="inline-flex items-center rounded-l-md bg-slate-50 px-3 font-mono text-sm text-slate-500 ring-1 ring-slate-300 ring-inset">{copy.slugPrefix}</span>
                <input
                  id={slug.id}
                  value={draft.slug}
                  disabled={readOnly}
                  maxLength={SERVER_SLUG_MAX}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => change({ slug: event.target.value.toLowerCase(), slugFollowsName: false })}
                  placeholder={copy.slugPlaceholder}
                  className={inputClasses(slug.invalid, "-ml-px rounded-l-none font-mono")}
                  aria-invalid={slug.invalid || undefined}
                  aria-describedby={slug.describedBy(true)}
                />
              </div>
            </FormField>
            <FormField id={description.id} label="Description" error={description.error} help={copy.descriptionHelp} className="md:col-span-2">
              <textarea
                id={description.id}
                value={draft.description}
                disabled={readOnly}
                rows={2}
                maxLength={1000}
                onChange={(event) => change({ description: event.target.value })}
                placeholder={copy.descriptionPlaceholder}
                className={inputClasses(description.invalid, "resize-y")}
                aria-invalid={description.invalid || undefined}
                aria-describedby={description.describedBy(true)}
              />
            </FormField>
          </div>
        </Card>

        <Card>
          <CardHeader title={copy.upstreamCard.title} description={copy.upstreamCard.description} />
          <div className="space-y-5 px-5 py-4">
            <div className="grid gap-5 md:grid-cols-[minmax(0,1fr)_12rem]">
              <FormField id={upstream.id} label={copy.upstreamLabel} required error={upstream.error} help={copy.upstreamHelp}>
                <input
                  id={upstream.id}
                  type="url"
                  inputMode="url"
                  value={draft.upstream}
                  disabled={readOnly}
                  maxLength={UPSTREAM_URL_MAX}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => {
                    change({ upstream: event.target.value });
                    setTestResult(null);
                  }}
                  placeholder={copy.upstreamPlaceholder}
                  className={inputClasses(upstream.invalid, "font-mono")}
                  aria-invalid={upstream.invalid || undefined}
                  aria-describedby={upstream.describedBy(true)}
                />
              </FormField>
              <FormField
                id={timeout.id}
                label="Request timeout"
                required
                error={timeout.error}
                help={`${copy.timeoutHelp}, ${REGISTRATION_TIMEOUT.min}–${REGISTRATION_TIMEOUT.max}; default ${REGISTRATION_TIMEOUT.default}.`}
              >
                <div className="flex rounded-md shadow-sm">
                  <input
                    id={timeout.id}
                    type="number"
                    inputMode="numeric"
                    min={REGISTRATION_TIMEOUT.min}
                    max={REGISTRATION_TIMEOUT.max}
                    step={1}
                    value={draft.timeoutSeconds}
                    disabled={readOnly}
                    onChange={(event) => change({ timeoutSeconds: event.target.value })}
                    className={inputClasses(timeout.invalid, "rounded-r-none")}
                    aria-invalid={timeout.invalid || undefined}
                    aria-describedby={timeout.describedBy(true)}
                  />
                  <span className="-ml-px inline-flex items-center rounded-r-md bg-slate-50 px-3 text-sm text-slate-500 ring-1 ring-slate-300 ring-inset">s</span>
                </div>
              </FormField>
            </div>
            {!readOnly && kind === "mcp" ? (
              <div>
                <div className="flex flex-wrap items-center gap-3">
                  <Button onClick={testConnection} loading={testing} disabled={testing || draft.upstream.trim() === ""}>
                    {testing ? null : <RefreshIcon className="size-4" />}
                    {testing ? "Testing…" : "Test connection"}
                  </Button>
                  <span className="text-xs text-slate-500" aria-live="polite">
                    {testing
                      ? `Waiting up to ${timeoutValue(draft.timeoutSeconds) ?? REGISTRATION_TIMEOUT.default} s for initialize and tools/list…`
                      : "Runs initialize and tools/list against the upstream URL above, saved or not."}
                  </span>
                </div>
                <div aria-live="polite">{testResult ? <ConnectionTestResultPanel result={testResult} /> : null}</div>
              </div>
            ) : null}
          </div>
        </Card>

        <Card>
          <CardHeader
            title={<span id={`${policy.id}-label`}>{copy.policyTitle}</span>}
            description={copy.policyDescription}
          />
          <div className="space-y-4 px-5 py-4">
            <div className="flex items-start gap-3 border-b border-slate-100 pb-4">
              <Switch
                id={domId("enabled")}
                checked={draft.enabled}
                disabled={readOnly || (draft.policyId === null && !draft.enabled)}
                onChange={(enabled) => change({ enabled, enabledTouched: true })}
                label="Enabled"
                describedBy={`${domId("enabled")}-help`}
              />
              <div>
                <label htmlFor={domId("enabled")} className="text-sm font-medium text-slate-800">
                  Enabled
                </label>
                <p id={`${domId("enabled")}-help`} className="text-xs text-slate-500">
                  {draft.policyId === null
                    ? `Choose a policy below to enable the ${copy.short}. Without one the gateway refuses every request to it.`
                    : `When off, the gateway refuses every request to this ${copy.short}, whatever the policy says.`}
                </p>
              </div>
            </div>
            {policy.error ? (
              <p id={`${policy.id}-error`} className="text-xs font-medium whitespace-pre-wrap text-rose-700">
                {policy.error}
              </p>
            ) : null}
            <PolicyPicker
              id={policy.id}
              kind={kind}
              policies={policies}
              value={draft.policyId}
              onChange={choosePolicy}
              disabled={readOnly}
              invalid={policy.invalid}
              describedBy={policy.error ? `${policy.id}-error` : undefined}
            />
          </div>
        </Card>
      </div>

      {!readOnly ? <SaveBar dirty={dirty} saved={!!saved} saving={saving} onSave={save} cancelHref={copy.listHref} saveLabel={saved ? "Save" : copy.saveLabel} /> : null}

      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${saved?.name}”?`}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button variant="danger" onClick={remove} loading={deleting}>
              Delete {copy.short}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          Clients using <code className="font-mono">{copy.path(saved?.slug ?? "")}</code> stop reaching the {copy.short} at once. The policy stays in the catalog.
        </p>
      </Dialog>
    </div>
  );
}
