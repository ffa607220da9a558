import { z } from "zod";
import { field, isHttpUrl } from "../fields";
import { defineRule, type RedirectEvaluator } from "../types";
import { headerValue } from "./shared-fields";

const PLACEHOLDERS = /\{path\}|\{query\}/g;

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return isHttpUrl(url) ? parsed.host : null;
  } catch {
    return null;
  }
}

/**
 * A target URL template. The placeholders may only stand after the host: a request path put
 * into the host part ("https://{path}", "https://a{path}.example.com") would let a caller
 * choose where people are sent. So the text before the first placeholder must already be a
 * URL with the template's own host.
 */
function targetUrlProblem(value: string): string | null {
  const lineBreak = headerValue(value);
  if (lineBreak) return lineBreak;
  const host = hostOf(value.replace(PLACEHOLDERS, ""));
  if (host === null) return "Enter an http:// or https:// URL";
  const first = value.search(PLACEHOLDERS);
  if (first !== -1 && hostOf(value.slice(0, first)) !== host) return "Put {path} and {query} after the host, for example https://new.example.com/{path}{query}";
  return null;
}

/**
 * Characters a request path may carry into a Location value unchanged: RFC 3986's unreserved
 * and sub-delims, ":", "@", "/" and "%" (the path is already percent-encoded as received).
 * Anything else (quotes, spaces, backslashes, non-ASCII) is percent-encoded, so the value is
 * a well-formed URL and cannot be read differently by a browser.
 */
function encodePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (character) => encodeURIComponent(character));
}

/** The same for a query string, which may also carry "?" (RFC 3986 §3.4). */
function encodeQuery(search: string): string {
  return search.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu, (character) => encodeURIComponent(character));
}

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
      help: "Where to send the caller. {path} is replaced by the request's path after the service prefix (its leading slash is left out right after a slash), {query} by its query string with the ? (or nothing); both may only stand after the host.",
      placeholder: "https://new.example.com/{path}{query}",
      max: 2000,
      // The URL parser drops line breaks before checking, so they are refused separately: the
      // value becomes the Location header.
      check: targetUrlProblem,
    }),
  }),
  compile: (config): RedirectEvaluator => {
    const origin = new URL(config.targetUrl.replace(PLACEHOLDERS, "")).origin;
    return {
      type: "redirect",
      status: Number(config.status) as RedirectEvaluator["status"],
      location(path, search) {
        // The query as received, not re-serialized: URLSearchParams would turn %20 into +,
        // "flag" into "flag=" and ~ into %7E, which some targets read differently.
        const location = config.targetUrl.replace(PLACEHOLDERS, (placeholder, offset: number) => {
          if (placeholder === "{query}") return search === "" ? "" : `?${encodeQuery(search)}`;
          // "…/{path}" and "…{path}" both give one slash before the path.
          return encodePath(config.targetUrl[offset - 1] === "/" ? path.replace(/^\//, "") : path);
        });
        // Checked at save already; checked again so that no request can make it otherwise.
        try {
          return new URL(location).origin === origin ? location : null;
        } catch {
          return null;
        }
      },
    };
  },
});
