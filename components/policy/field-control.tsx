"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { InlineCode } from "@/components/ui/inline-code";
import { Switch } from "@/components/ui/switch";
import { CEL_VARIABLE_HELP } from "@/lib/policy/cel";
import type { FieldDescriptor } from "@/lib/policy/fields";
import { ApiKeysField } from "./api-keys-field";
import { fieldDomId, issuesUnder, type IssueMap } from "./draft";

export type FieldControlProps = {
  descriptor: FieldDescriptor;
  path: string;
  value: unknown;
  onChange: (value: unknown) => void;
  issues: IssueMap;
  disabled?: boolean;
  /** Inside a table row: the column header is the label, so it is visually hidden here. */
  compact?: boolean;
  /** Extra words for the accessible label inside a table, e.g. "row 2". */
  labelSuffix?: string;
};

/** Fields that take a full row of the form rather than half of it. */
export const WIDE_WIDGETS = new Set(["cel", "rows", "tags", "multiselect", "api-keys"]);

/** Controls made of several inputs: labelled as a group rather than with a <label>. */
const GROUP_WIDGETS = new Set(["rows", "tags", "multiselect", "api-keys"]);

export function FieldControl(props: FieldControlProps) {
  const { descriptor, path, issues, compact, labelSuffix } = props;
  const id = fieldDomId(path);
  const error = issuesUnder(issues, path);
  const label = labelSuffix ? `${descriptor.label} (${labelSuffix})` : descriptor.label;
  const help = compact ? undefined : helpText(descriptor);

  if (descriptor.widget === "boolean") {
    return (
      <div className={cn("flex items-start gap-3", !compact && "pt-1")}>
        <Switch
          id={id}
          checked={props.value === true}
          onChange={props.onChange}
          label={label}
          disabled={props.disabled}
          describedBy={describedBy(id, { help, error })}
        />
        <div className="min-w-0">
          <label htmlFor={id} className={cn("block text-sm font-medium text-slate-800", compact && "sr-only")}>
            {descriptor.label}
          </label>
          {descriptor.warning && !compact ? <WarningText text={descriptor.warning} /> : null}
          {help ? (
            <p id={`${id}-help`} className="mt-1 text-xs leading-relaxed text-slate-500">
              <InlineCode text={help} />
            </p>
          ) : null}
          {error ? (
            <p id={`${id}-error`} className="mt-1 text-xs font-medium text-rose-700">
              {error}
            </p>
          ) : null}
        </div>
      </div>
    );
  }

  return (
    <FormField
      id={id}
      label={label}
      help={help ? <InlineCode text={help} /> : undefined}
      warning={compact ? undefined : descriptor.warning}
      error={error}
      required={descriptor.required && !compact}
      labelHidden={compact}
      group={GROUP_WIDGETS.has(descriptor.widget)}
    >
      <Control {...props} id={id} error={error} help={help} />
    </FormField>
  );
}

function WarningText({ text }: { text: string }) {
  return <p className="mt-1 text-xs text-amber-800">⚠ {text}</p>;
}

function helpText(descriptor: FieldDescriptor): string {
  if (descriptor.widget !== "cel" || !descriptor.cel) return descriptor.help;
  const variables = descriptor.cel.variables.map((name) => CEL_VARIABLE_HELP[name]).join("; ");
  return `${descriptor.help} Variables: ${variables}.`;
}

function Control({ descriptor, path, value, onChange, issues, disabled, id, error, help, labelSuffix }: FieldControlProps & { id: string; error?: string; help?: string }) {
  const aria = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, { help, error }) } as const;

  switch (descriptor.widget) {
    case "text":
    case "url":
      return (
        <input
          id={id}
          type={descriptor.widget === "url" ? "url" : "text"}
          value={typeof value === "string" ? value : ""}
          placeholder={descriptor.placeholder}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          className={inputClasses(!!error)}
          spellCheck={false}
          {...aria}
        />
      );
    case "integer":
      return (
        <div className="flex items-center gap-2">
          <input
            id={id}
            type="number"
            inputMode="numeric"
            step={1}
            min={descriptor.min}
            max={descriptor.max}
            value={typeof value === "number" && Number.isFinite(value) ? value : ""}
            placeholder={descriptor.default !== undefined ? String(descriptor.default) : undefined}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value === "" ? undefined : Number(event.target.value))}
            className={inputClasses(!!error, "max-w-48 tabular-nums")}
            {...aria}
          />
          {descriptor.unit ? <span className="text-sm text-slate-500">{descriptor.unit}</span> : null}
        </div>
      );
    case "select":
      return (
        <select id={id} value={typeof value === "string" ? value : ""} disabled={disabled} onChange={(event) => onChange(event.target.value)} className={inputClasses(!!error, "pr-8")} {...aria}>
          {descriptor.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case "multiselect": {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <div id={id} className="flex flex-wrap gap-2" tabIndex={-1} {...aria}>
          {descriptor.options?.map((option) => {
            const checked = selected.includes(option.value);
            return (
              <label
                key={option.value}
                className={cn(
                  "inline-flex cursor-pointer items-center gap-1.5 rounded-md px-2.5 py-1 text-sm ring-1 ring-inset has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600",
                  checked ? "bg-indigo-50 text-indigo-800 ring-indigo-300" : "bg-white text-slate-700 ring-slate-300",
                  disabled && "cursor-not-allowed opacity-60",
                )}
              >
                <input
                  type="checkbox"
                  className="size-3.5 accent-indigo-600"
                  checked={checked}
                  disabled={disabled}
                  onChange={(event) =>
                    onChange(
                      event.target.checked
                        ? descriptor.options!.map((o) => o.value).filter((v) => v === option.value || selected.includes(v))
                        : selected.filter((v) => v !== option.value),
                    )
                  }
                />
                {option.label}
              </label>
            );
          })}
        </div>
      );
    }
    case "tags":
      return <TagsControl id={id} descriptor={descriptor} path={path} value={value} onChange={onChange} issues={issues} disabled={disabled} />;
    case "secret":
      return <SecretControl id={id} value={value} onChange={onChange} disabled={disabled} invalid={!!error} aria={aria} />;
    case "cel":
      return (
        <textarea
          id={id}
          value={typeof value === "string" ? value : ""}
          placeholder={descriptor.placeholder ?? (descriptor.default as string | undefined)}
          disabled={disabled}
          rows={Math.min(6, Math.max(1, String(value ?? "").split("\n").length))}
          onChange={(event) => onChange(event.target.value)}
          className={inputClasses(!!error, "resize-y font-mono text-[13px]")}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          {...aria}
        />
      );
    case "rows":
      return <RowsControl id={id} descriptor={descriptor} path={path} value={value} onChange={onChange} issues={issues} disabled={disabled} labelSuffix={labelSuffix} />;
    case "api-keys":
      return <ApiKeysField id={id} path={path} value={value} onChange={onChange} issues={issues} disabled={disabled} />;
    default:
      return null;
  }
}

function TagsControl({ id, descriptor, path, value, onChange, issues, disabled }: Omit<FieldControlProps, "compact"> & { id: string }) {
  const items = Array.isArray(value) ? (value as string[]) : [];
  const update = (index: number, next: string) => onChange(items.map((item, i) => (i === index ? next : item)));
  return (
    <div id={id} tabIndex={-1} className="space-y-2 outline-none">
      {items.map((item, index) => {
        const itemId = fieldDomId(`${path}.${index}`);
        const itemError = issues.get(`${path}.${index}`);
        return (
          <div key={index} className="flex items-center gap-2">
            <input
              id={itemId}
              aria-label={`${descriptor.label} ${index + 1}`}
              value={item}
              placeholder={descriptor.placeholder}
              disabled={disabled}
              onChange={(event) => update(index, event.target.value)}
              className={inputClasses(!!itemError, "max-w-md")}
              aria-invalid={itemError ? true : undefined}
              spellCheck={false}
            />
            {!disabled ? (
              <Button variant="ghost" size="sm" aria-label={`Remove ${descriptor.label.toLowerCase()} ${index + 1}`} onClick={() => onChange(items.filter((_, i) => i !== index))}>
                <TrashIcon className="size-4" />
              </Button>
            ) : null}
          </div>
        );
      })}
      {!disabled ? (
        <Button size="sm" onClick={() => onChange([...items, ""])}>
          <PlusIcon className="size-4" />
          {descriptor.addLabel ?? "Add"}
        </Button>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-400">None</p>
      ) : null}
    </div>
  );
}

function SecretControl({
  id,
  value,
  onChange,
  disabled,
  invalid,
  aria,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
  invalid: boolean;
  aria: Record<string, unknown>;
}) {
  const isSet = typeof value === "object" && value !== null && "set" in value;
  const [wasSet] = useState(isSet);
  if (isSet) {
    return (
      <div className="flex items-center gap-3">
        <span id={id} tabIndex={-1} className="inline-flex h-9 items-center gap-2 rounded-md bg-slate-50 px-3 text-sm text-slate-600 ring-1 ring-slate-200 ring-inset" data-secret-state="set">
          <Badge tone="green">set</Badge>
          <span aria-hidden="true" className="tracking-widest text-slate-400">••••••••</span>
        </span>
        {!disabled ? (
          <Button size="sm" onClick={() => onChange("")}>
            Replace
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        value={typeof value === "string" ? value : ""}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        className={inputClasses(invalid)}
        {...aria}
      />
      {wasSet && !disabled ? (
        <Button size="sm" variant="ghost" onClick={() => onChange({ set: true })}>
          Keep current
        </Button>
      ) : null}
    </div>
  );
}

function RowsControl({ id, descriptor, path, value, onChange, issues, disabled }: Omit<FieldControlProps, "compact"> & { id: string }) {
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const columns = descriptor.columns ?? [];
  const newRow = () => Object.fromEntries(columns.map((column) => [column.key, column.default ?? (column.widget === "integer" ? undefined : "")]));
  return (
    <div id={id} tabIndex={-1} className="space-y-2 outline-none">
      {rows.length > 0 ? (
        <div className="overflow-x-auto rounded-md ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-600">
              <tr>
                {columns.map((column) => (
                  <th key={column.key} scope="col" className="px-3 py-2" title={column.help}>
                    {column.label}
                  </th>
                ))}
                <th scope="col" className="w-10 px-2 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row, index) => (
                <tr key={index} className="align-top">
                  {columns.map((column) => (
                    <td key={column.key} className="px-3 py-2">
                      <FieldControl
                        descriptor={column}
                        path={`${path}.${index}.${column.key}`}
                        value={row[column.key]}
                        onChange={(next) => onChange(rows.map((r, i) => (i === index ? { ...r, [column.key]: next } : r)))}
                        issues={issues}
                        disabled={disabled}
                        compact
                        labelSuffix={`row ${index + 1}`}
                      />
                    </td>
                  ))}
                  <td className="px-2 py-2">
                    {!disabled ? (
                      <Button variant="ghost" size="sm" aria-label={`Remove row ${index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                        <TrashIcon className="size-4" />
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-400">
          No entries.
        </p>
      )}
      {!disabled ? (
        <Button size="sm" onClick={() => onChange([...rows, newRow()])}>
          <PlusIcon className="size-4" />
          {descriptor.addLabel ?? "Add row"}
        </Button>
      ) : null}
      <dl className="grid gap-x-3 gap-y-1 text-xs text-slate-500 sm:grid-cols-[max-content_1fr]">
        {columns.map((column) => (
          <div key={column.key} className="contents">
            <dt className="font-medium text-slate-600">{column.label}</dt>
            <dd>
              <InlineCode text={helpText(column)} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
