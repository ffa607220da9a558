"use client";

import { useRouter } from "next/navigation";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { deleteServerAction, saveServerAction, testConnectionAction } from "@/app/(console)/servers/actions";
import { SaveBar } from "@/components/layout/save-bar";
import { useUnsavedChanges } from "@/components/layout/unsaved-changes";
import { RelativeTime } from "@/components/policy/relative-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import type { FieldIssue } from "@/lib/catalog/errors";
import { gatewayPath } from "@/lib/catalog/gateway-url";
import type { ConnectionTestResult } from "@/lib/catalog/probe-upstream";
import { SERVER_NAME_MAX, SERVER_TIMEOUT, UPSTREAM_URL_MAX } from "@/lib/catalog/server-schema";
import { SERVER_SLUG_MAX, slugFromName } from "@/lib/catalog/server-slug";
import type { ServerView } from "@/lib/catalog/server-view";
import { ConnectionTestResultPanel } from "./connection-test-result";
import { PolicyPicker } from "./policy-picker";
import type { PolicyOption } from "./policy-options";

type Props = {
  server: ServerView | null;
  policies: PolicyOption[];
  readOnly: boolean;
  /** Shown between the header and the form: the gateway URL and client snippets of a saved server. */
  connect?: ReactNode;
};

/** The form's working copy. The timeout stays text while typing; the server validates the number. */
type Draft = {
  name: string;
  slug: string;
  /** Once someone edits the slug (or the server is saved), it no longer follows the name. */
  slugFollowsName: boolean;
  description: string;
  upstreamUrl: string;
  policyId: string | null;
  enabled: boolean;
  /** Whether someone set the switch; until then it follows the policy choice. */
  enabledTouched: boolean;
  timeoutSeconds: string;
};

function draftOf(server: ServerView | null): Draft {
  if (!server) {
    return {
      name: "",
      slug: "",
      slugFollowsName: true,
      description: "",
      upstreamUrl: "",
      policyId: null,
      enabled: false,
      enabledTouched: false,
      timeoutSeconds: String(SERVER_TIMEOUT.default),
    };
  }
  return {
    name: server.name,
    slug: server.slug,
    slugFollowsName: false,
    description: server.description,
    upstreamUrl: server.upstreamUrl,
    policyId: server.policyId,
    enabled: server.enabled,
    enabledTouched: true,
    timeoutSeconds: String(server.timeoutSeconds),
  };
}

/** A number when the text is one; otherwise null, which the schema reports as "Enter a number of seconds". */
function timeoutValue(text: string): number | null {
  return text.trim() === "" || Number.isNaN(Number(text)) ? null : Number(text);
}

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  slug: "Slug",
  description: "Description",
  upstreamUrl: "Upstream URL",
  policyId: "Authentication policy",
  enabled: "Enabled",
  timeoutSeconds: "Request timeout",
};

const domId = (path: string) => `server-${path}`;

/** Register MCP Server and the server page: one form for the registration. */
export function ServerForm({ server, policies, readOnly, connect }: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const toast = useToast();
  const guard = useUnsavedChanges();
  const [saved, setSaved] = useState<ServerView | null>(server);
  const [draft, setDraft] = useState<Draft>(() => draftOf(server));
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
    // Until someone sets the switch, a server is enabled exactly when it has a policy.
    change(draft.enabledTouched && policyId !== null ? { policyId } : { policyId, enabled: policyId !== null });
  }

  async function testConnection() {
    setTesting(true);
    setTestResult(null);
    const result = await testConnectionAction({ upstreamUrl: draft.upstreamUrl, timeoutSeconds: timeoutValue(draft.timeoutSeconds) });
    setTesting(false);
    if (!result.ok) {
      setIssues(result.issues);
      if (result.issues.length === 0) setMessage({ text: result.message });
      return;
    }
    setIssues((current) => current.filter((issue) => issue.path !== "upstreamUrl" && issue.path !== "timeoutSeconds"));
    setTestResult(result.data);
  }

  async function save() {
    setSaving(true);
    setMessage(null);
    const input = {
      name: draft.name,
      slug: draft.slug,
      description: draft.description,
      upstreamUrl: draft.upstreamUrl,
      policyId: draft.policyId,
      enabled: draft.enabled,
      timeoutSeconds: timeoutValue(draft.timeoutSeconds),
      version: saved?.version,
    };
    const result = await saveServerAction(saved?.id ?? null, input);
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
      toast("success", `MCP server “${view.name}” registered`);
      router.push(`/servers/${view.id}`);
      return;
    }
    setSaved(view);
    setDraft(draftOf(view));
    toast("success", `MCP server “${view.name}” saved`);
    // The gateway URL and the snippets follow the saved slug and policy.
    router.refresh();
  }

  async function remove() {
    if (!saved) return;
    setDeleting(true);
    const result = await deleteServerAction(saved.id);
    setDeleting(false);
    setConfirmDelete(false);
    if (!result.ok) {
      setMessage({ text: result.message });
      return;
    }
    guard.setDirty(false);
    toast("success", `MCP server “${saved.name}” deleted`);
    router.push("/servers");
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
  const upstream = field("upstreamUrl");
  const timeout = field("timeoutSeconds");
  const policy = field("policyId");
  const slugChanged = saved !== null && draft.slug !== saved.slug;

  return (
    <div className="pb-24" data-hydrated={hydrated || undefined}>
      <PageHeader
        breadcrumbs={[{ label: "MCP Servers", href: "/servers" }]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {saved ? saved.name : "Register MCP Server"}
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
            "Name the server, point it at its upstream URL, test the connection, and attach the policy that decides who may call it."
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
        <div ref={summaryRef} tabIndex={-1} className="mb-6 outline-none" id="validation-summary">
          <Alert tone="error" title={message.text}>
            {message.conflict ? (
              <Button
                size="sm"
                className="mt-2"
                onClick={() => {
                  guard.setDirty(false);
                  window.location.reload();
                }}
              >
                Reload
              </Button>
            ) : null}
            {issues.length > 0 ? (
              <ul className="mt-1 list-inside list-disc space-y-0.5">
                {issues.map((issue, index) => (
                  <li key={index}>
                    <a
                      href={`#${domId(issue.path)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        const element = document.getElementById(domId(issue.path));
                        element?.scrollIntoView({ block: "center", behavior: "smooth" });
                        element?.focus({ preventScroll: true });
                      }}
                      className="underline decoration-rose-300 underline-offset-2 hover:decoration-rose-700"
                    >
                      {FIELD_LABELS[issue.path] ?? issue.path}
                    </a>
                    : {issue.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}

      <div className="space-y-6">
        {connect}

        <Card>
          <CardHeader title="Server" description="What people call it, and where the gateway serves it." />
          <div className="grid gap-5 px-5 py-4 md:grid-cols-2">
            <FormField id={name.id} label="Name" required error={name.error} help="Unique; shown in the console and in the audit of changes.">
              <input
                id={name.id}
                value={draft.name}
                disabled={readOnly}
                maxLength={SERVER_NAME_MAX}
                autoComplete="off"
                onChange={(event) => change({ name: event.target.value })}
                placeholder="Billing tools"
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
              warning={slugChanged ? `Clients configured with ${gatewayPath(saved.slug)} stop reaching this server when you save.` : undefined}
              help={
                <>
                  The gateway path: <code className="font-mono">{gatewayPath(draft.slug || "…")}</code>. Lowercase letters, digits and hyphens, up to {SERVER_SLUG_MAX}{" "}
                  characters{saved ? "" : "; derived from the name until you edit it"}.
                </>
              }
            >
              <div className="flex rounded-md shadow-sm">
                <span className="inline-flex items-center rounded-l-md bg-slate-50 px-3 font-mono text-sm text-slate-500 ring-1 ring-slate-300 ring-inset">/mcp/</span>
                <input
                  id={slug.id}
                  value={draft.slug}
                  disabled={readOnly}
                  maxLength={SERVER_SLUG_MAX}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => change({ slug: event.target.value.toLowerCase(), slugFollowsName: false })}
                  placeholder="billing-tools"
                  className={inputClasses(slug.invalid, "-ml-px rounded-l-none font-mono")}
                  aria-invalid={slug.invalid || undefined}
                  aria-describedby={slug.describedBy(true)}
                />
              </div>
            </FormField>
            <FormField id={description.id} label="Description" error={description.error} help="What the server offers, so others know what they connect to." className="md:col-span-2">
              <textarea
                id={description.id}
                value={draft.description}
                disabled={readOnly}
                rows={2}
                maxLength={1000}
                onChange={(event) => change({ description: event.target.value })}
                placeholder="Invoices and payment tools for the finance agents"
                className={inputClasses(description.invalid, "resize-y")}
                aria-invalid={description.invalid || undefined}
                aria-describedby={description.describedBy(true)}
              />
            </FormField>
          </div>
        </Card>

        <Card>
          <CardHeader title="Upstream" description="The MCP server itself, as the gateway reaches it (Streamable HTTP)." />
          <div className="space-y-5 px-5 py-4">
            <div className="grid gap-5 md:grid-cols-[minmax(0,1fr)_12rem]">
              <FormField id={upstream.id} label="Upstream URL" required error={upstream.error} help="An http:// or https:// URL, usually ending in /mcp. Only the gateway connects to it.">
                <input
                  id={upstream.id}
                  type="url"
                  inputMode="url"
                  value={draft.upstreamUrl}
                  disabled={readOnly}
                  maxLength={UPSTREAM_URL_MAX}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => {
                    change({ upstreamUrl: event.target.value });
                    setTestResult(null);
                  }}
                  placeholder="http://127.0.0.1:3001/mcp"
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
                help={`Seconds to wait for the upstream, ${SERVER_TIMEOUT.min}–${SERVER_TIMEOUT.max}; default ${SERVER_TIMEOUT.default}.`}
              >
                <div className="flex rounded-md shadow-sm">
                  <input
                    id={timeout.id}
                    type="number"
                    inputMode="numeric"
                    min={SERVER_TIMEOUT.min}
                    max={SERVER_TIMEOUT.max}
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
            {!readOnly ? (
              <div>
                <div className="flex flex-wrap items-center gap-3">
                  <Button onClick={testConnection} loading={testing} disabled={testing || draft.upstreamUrl.trim() === ""}>
                    {testing ? null : <RefreshIcon className="size-4" />}
                    {testing ? "Testing…" : "Test connection"}
                  </Button>
                  <span className="text-xs text-slate-500" aria-live="polite">
                    {testing
                      ? `Waiting up to ${timeoutValue(draft.timeoutSeconds) ?? SERVER_TIMEOUT.default} s for initialize and tools/list…`
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
            title={<span id={`${policy.id}-label`}>Authentication policy</span>}
            description="Decides who may call the server's tools. Required to enable the server; rules marked with a red cross cannot be used by MCP servers."
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
                    ? "Choose a policy below to enable the server. Without one the gateway refuses every request to it."
                    : "When off, the gateway refuses every request to this server, whatever the policy says."}
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

      {!readOnly ? <SaveBar dirty={dirty} saved={!!saved} saving={saving} onSave={save} cancelHref="/servers" saveLabel={saved ? "Save" : "Register server"} /> : null}

      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${saved?.name}”?`}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button variant="danger" onClick={remove} loading={deleting}>
              Delete server
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          Clients using <code className="font-mono">{gatewayPath(saved?.slug ?? "")}</code> stop reaching the server at once. The policy stays in the catalog.
        </p>
      </Dialog>
    </div>
  );
}
