import { z } from "zod";
import { field } from "../fields";
import { defineRule, type ResponseHeadersEvaluator } from "../types";
import { headerValue, responseHeaderName } from "./shared-fields";

const headerRow = () => ({
  name: field.text({ label: "Header", help: "The response header name.", max: 200, check: responseHeaderName }),
  value: field.text({ label: "Value", help: "The header value.", max: 2000, check: headerValue }),
});

export const responseTransformer = defineRule({
  kind: "response-transformer",
  label: "Response Transformer",
  summary: "Adds, replaces or removes response headers; the body is untouched.",
  category: "Transform",
  phase: "transform",
  mcp: {
    compatible: false,
    reason: "MCP clients depend on the session and protocol headers of each response; rewriting response headers can break the session.",
  },
  configSchema: z
    .object({
      addHeaders: field.rows({
        label: "Headers to add",
        help: "Added when the response does not already have them.",
        addLabel: "Add header",
        columns: headerRow(),
      }),
      replaceHeaders: field.rows({
        label: "Headers to replace",
        help: "Set to this value, replacing what the upstream sent.",
        addLabel: "Add header",
        columns: headerRow(),
      }),
      removeHeaders: field.tags({
        label: "Headers to remove",
        help: "Removed from the response. Headers are removed first, then replaced, then added; Content-Length and hop-by-hop headers belong to the gateway.",
        default: [],
        addLabel: "Add header",
        caseInsensitive: true,
        item: responseHeaderName,
      }),
    })
    .superRefine((config, ctx) => {
      if (config.addHeaders.length + config.replaceHeaders.length + config.removeHeaders.length === 0) {
        ctx.addIssue({ code: "custom", path: ["addHeaders"], message: "Add, replace or remove at least one header" });
      }
    }),
  compile: (config): ResponseHeadersEvaluator => {
    const lower = (rows: { name: string; value: string }[]) => rows.map((row) => ({ name: row.name.toLowerCase(), value: row.value }));
    const remove = config.removeHeaders.map((name) => name.toLowerCase());
    const replace = lower(config.replaceHeaders);
    const add = lower(config.addHeaders);
    return {
      type: "response-headers",
      apply(headers) {
        for (const name of remove) delete headers[name];
        for (const { name, value } of replace) headers[name] = value;
        for (const { name, value } of add) if (headers[name] === undefined) headers[name] = value;
      },
    };
  },
});
