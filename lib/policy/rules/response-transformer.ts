import { z } from "zod";
import { field } from "../fields";
import { defineRule } from "../types";
import { headerName, headerValue } from "./shared-fields";

const headerRow = () => ({
  name: field.text({ label: "Header", help: "The response header name.", max: 200, check: headerName }),
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
      addHeaders: field.rows({ label: "Headers to add", help: "Added when the response does not already have them.", addLabel: "Add header", columns: headerRow() }),
      replaceHeaders: field.rows({ label: "Headers to replace", help: "Set to this value, replacing what the upstream sent.", addLabel: "Add header", columns: headerRow() }),
      removeHeaders: field.tags({
        label: "Headers to remove",
        help: "Removed from the response.",
        default: [],
        addLabel: "Add header",
        caseInsensitive: true,
        item: headerName,
      }),
    })
    .superRefine((config, ctx) => {
      if (config.addHeaders.length + config.replaceHeaders.length + config.removeHeaders.length === 0) {
        ctx.addIssue({ code: "custom", path: ["addHeaders"], message: "Add, replace or remove at least one header" });
      }
    }),
});
