import { apiGatewayPath, gatewayPath } from "@/lib/catalog/gateway-url";

/**
 * What differs between registering an MCP server and an API service: the words, the gateway
 * path, where the pages live. One form, one table and one policy picker serve both.
 */
export type RegistrationKind = "mcp" | "api";

export const REGISTRATION_COPY = {
  mcp: {
    noun: "MCP server",
    short: "server",
    listTitle: "MCP Servers",
    listHref: "/servers",
    registerTitle: "Register MCP Server",
    registerIntro: "Name the server, point it at its upstream URL, test the connection, and attach the policy that decides who may call it.",
    saveLabel: "Register server",
    identityCard: { title: "Server", description: "What people call it, and where the gateway serves it." },
    namePlaceholder: "Billing tools",
    descriptionHelp: "What the server offers, so others know what they connect to.",
    descriptionPlaceholder: "Invoices and payment tools for the finance agents",
    slugPrefix: "/mcp/",
    slugPlaceholder: "billing-tools",
    path: gatewayPath,
    upstreamCard: { title: "Upstream", description: "The MCP server itself, as the gateway reaches it (Streamable HTTP)." },
    upstreamLabel: "Upstream URL",
    upstreamHelp: "An http:// or https:// URL, usually ending in /mcp. Only the gateway connects to it.",
    upstreamPlaceholder: "http://127.0.0.1:3001/mcp",
    timeoutHelp: "Seconds to wait for the upstream",
    policyTitle: "Authentication policy",
    policyDescription: "Decides who may call the server's tools. Required to enable the server; rules marked with a red cross cannot be used by MCP servers.",
    searchLabel: "Search MCP servers",
    empty: {
      title: "No MCP servers yet",
      text: "Register an MCP server with its upstream URL and attach an authentication policy; clients then reach it through the gateway at /mcp/<slug>.",
    },
  },
  api: {
    noun: "API service",
    short: "service",
    listTitle: "API Services",
    listHref: "/services",
    registerTitle: "Register API Service",
    registerIntro: "Name the service, point it at its upstream base URL, and attach the policy that decides who may call it and what the gateway does on the way.",
    saveLabel: "Register service",
    identityCard: { title: "Service", description: "What people call it, and where the gateway serves it." },
    namePlaceholder: "Orders API",
    descriptionHelp: "What the API offers, so others know what they call.",
    descriptionPlaceholder: "Orders and shipments for the shop's back office",
    slugPrefix: "/apis/",
    slugPlaceholder: "orders",
    path: apiGatewayPath,
    upstreamCard: {
      title: "Upstream",
      description: "The HTTP API itself, as the gateway reaches it: a request to /apis/<slug>/<path>?<query> goes to the base URL + <path>?<query>.",
    },
    upstreamLabel: "Upstream base URL",
    upstreamHelp: "An http:// or https:// URL without a query, such as https://api.internal/v1. Only the gateway connects to it.",
    upstreamPlaceholder: "http://127.0.0.1:8080/v1",
    timeoutHelp: "Seconds to wait for the upstream's response headers",
    policyTitle: "Policy",
    policyDescription:
      "Decides who may call the service and what the gateway does on the way. Every rule of the catalog works for API services, Response Cache, HTTP Redirect, HTTP Retry and Response Transformer included.",
    searchLabel: "Search API services",
    empty: {
      title: "No API services yet",
      text: "Register an HTTP API with its base URL and attach a policy; clients then call it through the gateway at /apis/<slug>/ followed by the API's own paths.",
    },
  },
} as const;
