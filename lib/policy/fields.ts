import { z } from "zod";
import { checkCel, type CelResult, type CelVariable } from "./cel";

/**
 * The field builders every rule kind uses for its configuration. Each builder returns a zod
 * schema (validation, defaults, security checks) and registers a descriptor for it (label,
 * help text, widget, default). The console renders rule forms from the descriptors and the
 * REST API, the catalog and the engine validate with the schemas: one source of truth for
 * field names, defaults and help texts (DESIGN.md §1, §3.4, §3.8).
 */

export type FieldWidget =
  | "text"
  | "url"
  | "integer"
  | "boolean"
  | "select"
  | "multiselect"
  | "tags"
  | "secret"
  | "cel"
  | "rows"
  | "api-keys";

export type FieldOption = { value: string; label: string };

/** What the console needs to render one field; serialisable, so it crosses to the browser. */
export type FieldDescriptor = {
  key: string;
  label: string;
  help: string;
  widget: FieldWidget;
  /** The person must fill it in: there is no default to fall back on. */
  required: boolean;
  default?: unknown;
  placeholder?: string;
  /** A security or operational warning shown beside the field. */
  warning?: string;
  options?: FieldOption[];
  min?: number;
  max?: number;
  unit?: string;
  cel?: { variables: CelVariable[]; returns: CelResult };
  /** For `rows`: the fields of one row. */
  columns?: FieldDescriptor[];
  /** For `rows` and `tags`: the label of the add button. */
  addLabel?: string;
  /** For `rows`: how many rows are required. */
  minRows?: number;
};

type FieldMeta = Omit<FieldDescriptor, "key">;

const fieldRegistry = z.registry<FieldMeta>();

type Common = { label: string; help: string; placeholder?: string; warning?: string };

function register<S extends z.ZodType>(schema: S, meta: FieldMeta): S {
  (schema as z.ZodType).register(fieldRegistry, meta);
  return schema;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A single-line text. Required unless `required: false`, in which case it defaults to "". */
function text(
  options: Common & { required?: boolean; max?: number; default?: string; check?: (value: string) => string | null },
) {
  const required = options.required ?? true;
  const { check, ...meta } = options;
  const base = z
    .string({ error: "Required" })
    .trim()
    .max(options.max ?? 2000, `At most ${options.max ?? 2000} characters`)
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : check?.(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
  const schema = required ? base.refine((value) => value !== "", "Required") : base.default(options.default ?? "");
  return register(schema, { ...meta, widget: "text", required, default: required ? options.default : (options.default ?? "") });
}

const urlString = z
  .string({ error: "Required" })
  .trim()
  .max(2000, "At most 2000 characters")
  .refine((value) => value === "" || isHttpUrl(value), "Enter an http:// or https:// URL");

/** An http(s) URL. Optional URLs default to "" (meaning: not set). */
function url(options: Common & { required?: boolean }) {
  const required = options.required ?? true;
  const schema = required ? urlString.refine((value) => value !== "", "Required") : urlString.default("");
  return register(schema, { ...options, widget: "url", required, default: required ? undefined : "" });
}

function integer(options: Common & { default: number; min: number; max: number; unit?: string }) {
  const schema = z
    .number({ error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(options.min, `At least ${options.min.toLocaleString("en-US")}`)
    .max(options.max, `At most ${options.max.toLocaleString("en-US")}`)
    .default(options.default);
  return register(schema, { ...options, widget: "integer", required: false });
}

function boolean(options: Common & { default: boolean }) {
  return register(z.boolean({ error: "Choose yes or no" }).default(options.default), { ...options, widget: "boolean", required: false });
}

function select<const V extends readonly [string, ...string[]]>(
  options: Common & { values: V; default: V[number]; labels?: Partial<Record<V[number], string>> },
) {
  const schema = z.enum(options.values, { error: `Choose one of: ${options.values.join(", ")}` }).default(options.default as never);
  return register(schema, {
    label: options.label,
    help: options.help,
    warning: options.warning,
    widget: "select",
    required: false,
    default: options.default,
    options: options.values.map((value) => ({ value, label: options.labels?.[value as V[number]] ?? value })),
  });
}

function multiselect<const V extends readonly [string, ...string[]]>(options: Common & { values: V; default: V[number][] }) {
  const schema = z
    .array(z.enum(options.values, { error: `Choose from: ${options.values.join(", ")}` }))
    .min(1, "Choose at least one")
    .refine((items) => new Set(items).size === items.length, "Each value may appear once")
    .default(options.default as never);
  return register(schema, {
    label: options.label,
    help: options.help,
    warning: options.warning,
    widget: "multiselect",
    required: false,
    default: options.default,
    options: options.values.map((value) => ({ value, label: value })),
  });
}

/**
 * A list of short strings (roles, header names, origins). Blank entries are ignored, entries
 * are trimmed, duplicates are refused (they are almost always a typo), and each entry is
 * checked with `item` when given.
 */
function tags(
  options: Common & {
    default: string[];
    min?: number;
    addLabel?: string;
    caseInsensitive?: boolean;
    item?: (value: string) => string | null;
  },
) {
  const schema = z
    .array(z.string({ error: "Enter text" }).max(500, "At most 500 characters"), { error: "Enter a list" })
    .max(100, "At most 100 entries")
    .transform((items) => items.map((item) => item.trim()).filter((item) => item !== ""))
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        const key = options.caseInsensitive ? item.toLowerCase() : item;
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index], message: `"${item}" is listed twice` });
        seen.add(key);
        const problem = options.item?.(item);
        if (problem) ctx.addIssue({ code: "custom", path: [index], message: problem });
      });
      if (options.min && items.length < options.min) {
        ctx.addIssue({ code: "custom", message: options.min === 1 ? "Add at least one entry" : `Add at least ${options.min} entries` });
      }
    })
    // prefault, not default: a missing list is validated like an empty one (zod 4's
    // `default` would return it unchecked, letting a required list through empty).
    .prefault(options.default);
  const { item: _item, caseInsensitive: _caseInsensitive, min, ...meta } = options;
  return register(schema, { ...meta, widget: "tags", required: (min ?? 0) > 0, default: options.default });
}

/**
 * A secret such as a client secret. Write-only: the browser and the REST API send a new
 * value as a string, or `{ "set": true }` to keep the stored one; the database holds it
 * sealed as `{ "sealed": "…" }` (see lib/catalog/secrets.ts); reads return `{ "set": true }`.
 */
export const secretValue = z.union(
  [z.string().trim().min(1, "Required").max(4096, "At most 4096 characters"), z.object({ set: z.literal(true) }).strict(), z.object({ sealed: z.string().min(1) }).strict()],
  { error: "Required" },
);
export type SecretValue = z.infer<typeof secretValue>;

function secret(options: Common) {
  return register(secretValue, { ...options, widget: "secret", required: true });
}

/** A CEL expression, parsed and type-checked at save time against the declared variables. */
function cel(options: Common & { variables: CelVariable[]; returns: CelResult; default?: string }) {
  const base = z
    .string({ error: "Enter an expression" })
    .max(4000, "At most 4000 characters")
    .superRefine((source, ctx) => {
      const result = checkCel(source, options.variables, options.returns);
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.message });
    });
  const schema = options.default === undefined ? base : base.default(options.default);
  return register(schema, {
    ...options,
    widget: "cel",
    required: options.default === undefined,
    default: options.default,
    cel: { variables: options.variables, returns: options.returns },
  });
}

/** A table of rows, each an object of fields built with these same builders. */
function rows<Shape extends z.ZodRawShape>(
  options: Common & { columns: Shape; min?: number; max?: number; addLabel: string; default?: z.input<z.ZodObject<Shape>>[] },
) {
  const item = z.object(options.columns);
  const min = options.min ?? 0;
  const schema = z
    .array(item, { error: "Enter a list" })
    .min(min, min === 1 ? `Add at least one row` : `Add at least ${min} rows`)
    .max(options.max ?? 200, `At most ${options.max ?? 200} rows`)
    .prefault((options.default ?? []) as never);
  return register(schema, {
    label: options.label,
    help: options.help,
    warning: options.warning,
    widget: "rows",
    required: min > 0,
    default: options.default ?? [],
    columns: describeFields(item),
    addLabel: options.addLabel,
    minRows: min,
  });
}

/** A field whose schema is built by the rule itself and rendered by a dedicated widget. */
function custom<S extends z.ZodType>(schema: S, meta: FieldMeta): S {
  return register(schema, meta);
}

export const field = { text, url, integer, boolean, select, multiselect, tags, secret, cel, rows, custom };

/** The descriptors of an object schema's fields, in declaration order. */
export function describeFields(schema: z.ZodObject): FieldDescriptor[] {
  return Object.entries(schema.shape).map(([key, fieldSchema]) => {
    const meta = fieldRegistry.get(fieldSchema as z.ZodType);
    if (!meta) throw new Error(`Field "${key}" was not built with the field builders`);
    return { key, ...meta };
  });
}

/** The initial configuration of a new rule: every field's default. */
export function defaultConfig(fields: FieldDescriptor[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const descriptor of fields) {
    if (descriptor.default !== undefined) config[descriptor.key] = structuredClone(descriptor.default);
    else if (descriptor.widget === "rows" || descriptor.widget === "tags" || descriptor.widget === "api-keys") config[descriptor.key] = [];
    else if (descriptor.widget === "secret") config[descriptor.key] = "";
    else config[descriptor.key] = "";
  }
  return config;
}

export { isHttpUrl };
