import { z } from "zod";
import { field, isHttpUrl } from "../fields";
import { defineRule } from "../types";
import { headerValue } from "./shared-fields";

export const httpRedirect = defineRule({
  kind: "http-redirect",
  label: "HTTP Redirect",
  summary: "Answers matching requests with a redirect to another URL instead of forwarding them.",
  category: "Transform",
  phase: "transform",
  mcp: {
    compatible: false,
    reason: "MCP clients do not follow redirects for JSON-RPC POSTs and SSE streams; a redirect would end the session.",
  },
  configSchema: z.object({
    status: field.select({
      label: "Status",
      help: "301 and 308 are permanent, 302 and 307 temporary; 307 and 308 keep the method and body.",
      values: ["301", "302", "307", "308"],
      default: "302",
    }),
    targetUrl: field.text({
      label: "Target URL",
      help: "Where to send the caller. {path} and {query} are replaced by the request's path (after the service prefix) and query string.",
      placeholder: "https://new.example.com/{path}{query}",
      max: 2000,
      // The URL parser drops line breaks before checking, so they are refused separately: the
      // value becomes the Location header.
      check: (value) =>
        headerValue(value) ?? (isHttpUrl(value.replaceAll("{path}", "").replaceAll("{query}", "")) ? null : "Enter an http:// or https:// URL"),
    }),
  }),
});
