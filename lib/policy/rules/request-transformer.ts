import { z } from "zod";
import { field } from "../fields";
import { defineRule, type RequestHeadersEvaluator } from "../types";
import { headerValue, requestHeaderName } from "./shared-fields";

const HEADER_HELP = "A request header name. Authorization, Host, Content-Length, hop-by-hop and X-Forwarded-* headers belong to the gateway.";

export const requestTransformer = defineRule({
  kind: "request-transformer",
  label: "Request Transformer",
  summary: "Adds, removes or renames the request headers that go upstream; the body is untouched.",
  category: "Transform",
  phase: "transform",
  mcp: { compatible: true },
  configSchema: z
    .object({
      addHeaders: field.rows({
        label: "Headers to add",
        help: "Set on the upstream request, replacing any value the caller sent, so that a caller cannot choose it.",
        addLabel: "Add header",
        columns: {
          name: field.text({ label: "Header", help: HEADER_HELP, max: 200, check: requestHeaderName }),
          value: field.text({ label: "Value", help: "The header value.", max: 2000, check: headerValue }),
        },
      }),
      removeHeaders: field.tags({
        label: "Headers to remove",
        help: "Removed before the request goes upstream. The caller's credentials are always removed; list other headers here.",
        warning: "An MCP server needs Mcp-Session-Id and Mcp-Protocol-Version: removing them breaks its sessions.",
        default: [],
        addLabel: "Add header",
        caseInsensitive: true,
        item: requestHeaderName,
      }),
      renameHeaders: field.rows({
        label: "Headers to rename",
        help: "A header the caller sent goes upstream under the new name, replacing a header of that name. Headers are removed first, then renamed, then added.",
        addLabel: "Add rename",
        columns: {
          from: field.text({ label: "From", help: HEADER_HELP, max: 200, check: requestHeaderName }),
          to: field.text({ label: "To", help: HEADER_HELP, max: 200, check: requestHeaderName }),
        },
      }),
    })
    .superRefine((config, ctx) => {
      if (config.addHeaders.length + config.removeHeaders.length + config.renameHeaders.length === 0) {
        ctx.addIssue({ code: "custom", path: ["addHeaders"], message: "Add, remove or rename at least one header" });
      }
      const renamed = new Set<string>();
      config.renameHeaders.forEach((rename, index) => {
        const from = rename.from.toLowerCase();
        if (from !== "" && from === rename.to.toLowerCase()) ctx.addIssue({ code: "custom", path: ["renameHeaders", index, "to"], message: "Choose another name than the one renamed" });
        if (renamed.has(from)) ctx.addIssue({ code: "custom", path: ["renameHeaders", index, "from"], message: `${rename.from} is renamed twice` });
        renamed.add(from);
      });
    }),
  compile: (config): RequestHeadersEvaluator => {
    const remove = config.removeHeaders.map((name) => name.toLowerCase());
    const rename = config.renameHeaders.map((row) => ({ from: row.from.toLowerCase(), to: row.to.toLowerCase() }));
    const add = config.addHeaders.map((row) => ({ name: row.name.toLowerCase(), value: row.value }));
    return {
      type: "request-headers",
      apply(headers) {
        for (const name of remove) delete headers[name];
        for (const { from, to } of rename) {
          const value = headers[from];
          if (value === undefined) continue;
          delete headers[from];
          headers[to] = value;
        }
        for (const { name, value } of add) headers[name] = value;
      },
    };
  },
});
