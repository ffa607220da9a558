import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect } from "vitest";
import { initializeMessage, openSession, postMcp, toolCallMessage } from "../helpers/mcp-requests";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { eventually, type Instance } from "./gateway-instances";

/**
 * What two instances must agree on, written once for every way of running them (with Redis,
 * without): the scenarios take the instances and the upstream, register what they need
 * through instance 1 and observe through instance 2.
 */

/** "Within one second", observed by polling against a deadline with some room, not measured. */
export const PROPAGATION_DEADLINE_MS = 1_500;

/** What openSession() (tests/helpers/mcp-requests.ts) initializes with. */
const PROTOCOL_VERSION = "2025-06-18";

type Policy = { id: string; name: string; version: number; rules: unknown[] };

const openRules = (extra: unknown[] = []) => [anonymousRule(), roleRule(["anonymous"]), ...extra];

export async function registerServer(instance: Instance, name: string, upstreamUrl: string, rules: unknown[] = openRules()): Promise<{ policy: Policy; server: { id: string; slug: string; version: number } }> {
  const { policy } = await instance.control<{ policy: Policy }>("createPolicy", { input: { name: `${name} policy`, rules } });
  const server = await instance.control<{ id: string; slug: string; version: number }>("createServer", { input: { name, slug: name, upstreamUrl, policyId: policy.id } });
  return { policy, server };
}

/** An initialize request's status (its upstream session is left to expire). */
export async function initializeStatus(instance: Instance, slug: string): Promise<number> {
  const response = await postMcp(`${instance.origin}/mcp/${slug}`, initializeMessage("probe"));
  await response.text();
  return response.status;
}

/**
 * A session initialized through instance 1 goes on through instance 2: a tools/call made there
 * with the SDK client, and the GET event stream opened there receiving a notification that a
 * call through instance 1 caused; ended through instance 2, it is gone through instance 1 too.
 * The gateway keeps no session state: Mcp-Session-Id is the upstream's.
 */
export async function sessionCrossesInstances([first, second]: [Instance, Instance], upstreamUrl: string): Promise<void> {
  await registerServer(first, "everything", upstreamUrl);
  await expectWithin(async () => (await initializeStatus(second, "everything")) === 200, "instance 2 serves the new server");
  const firstUrl = `${first.origin}/mcp/everything`;
  const secondUrl = `${second.origin}/mcp/everything`;

  // Raw requests, because the SDK client would open its own GET stream, and a session has one.
  const sessionId = await openSession(firstUrl);
  const sessionHeaders = { "mcp-session-id": sessionId, "mcp-protocol-version": PROTOCOL_VERSION };

  const continued = new Client({ name: "multi-instance-test", version: "1.0.0" });
  const secondTransport = new StreamableHTTPClientTransport(new URL(secondUrl), { sessionId });
  // With a session id already set, the SDK client resumes that session instead of initializing.
  await continued.connect(secondTransport);
  secondTransport.setProtocolVersion(PROTOCOL_VERSION);
  const echoed = await continued.callTool({ name: "echo", arguments: { message: "through instance 2" } });
  expect(echoed.content).toEqual([{ type: "text", text: "Echo: through instance 2" }]);

  const stream = new AbortController();
  try {
    const opened = await fetch(secondUrl, { headers: { accept: "text/event-stream", ...sessionHeaders }, signal: stream.signal });
    expect(opened.status).toBe(200);
    expect(opened.headers.get("content-type")).toContain("text/event-stream");
    // Makes the upstream send this session a log message at once, outside any request: on the GET stream.
    const toggled = await postMcp(firstUrl, toolCallMessage(2, "toggle-simulated-logging"), sessionHeaders);
    expect(toggled.status).toBe(200);
    await toggled.text();
    const event = await readUntil(opened.body!, "notifications/message");
    expect(event).toContain(`SessionId ${sessionId}`);
    await continued.callTool({ name: "toggle-simulated-logging", arguments: {} });
  } finally {
    stream.abort();
  }

  await secondTransport.terminateSession();
  await continued.close();
  const ended = await postMcp(firstUrl, toolCallMessage(3, "echo", { message: "too late" }), sessionHeaders);
  // server-everything answers an unknown session with 400 (the MCP transport suggests 404); either way, the session is over.
  expect(ended.status).toBe(400);
  expect(await ended.text()).toContain("No valid session ID provided");
}

/**
 * A policy, a server and an API service changed through instance 1 are enforced by instance 2
 * within one second.
 */
export async function changesReachTheOtherInstance([first, second]: [Instance, Instance], upstreamUrl: string): Promise<void> {
  const { policy, server } = await registerServer(first, "notes", upstreamUrl);
  await expectWithin(async () => (await initializeStatus(second, "notes")) === 200, "instance 2 serves a server registered through instance 1");

  await first.control("updatePolicy", { id: policy.id, input: { name: policy.name, version: policy.version, rules: [anonymousRule(), roleRule(["nobody"])] } });
  await expectWithin(async () => (await initializeStatus(second, "notes")) === 403, "instance 2 enforces the changed policy");

  await first.control("updateServer", { id: server.id, input: { name: "notes", slug: "notes", upstreamUrl, policyId: policy.id, enabled: false, version: server.version } });
  await expectWithin(async () => (await initializeStatus(second, "notes")) === 503, "instance 2 stops serving the disabled server");

  const service = await first.control<{ id: string; version: number }>("createService", { input: { name: "files", slug: "files", upstreamBaseUrl: new URL("/", upstreamUrl).href, policyId: policy.id } });
  const serviceStatus = async () => {
    const response = await fetch(`${second.origin}/apis/files/anything`);
    await response.text();
    return response.status;
  };
  await expectWithin(async () => (await serviceStatus()) === 403, "instance 2 serves the new API service under its policy");
  await first.control("updateService", { id: service.id, input: { name: "files", slug: "files", upstreamBaseUrl: new URL("/", upstreamUrl).href, policyId: policy.id, enabled: false, version: service.version } });
  await expectWithin(async () => (await serviceStatus()) === 503, "instance 2 stops serving the disabled API service");
}

/** Asserts that `check` holds within PROPAGATION_DEADLINE_MS from now. */
export async function expectWithin(check: () => Promise<boolean>, what: string): Promise<void> {
  expect(await eventually(check, PROPAGATION_DEADLINE_MS), `${what} within ${PROPAGATION_DEADLINE_MS} ms`).toBe(true);
}

/** N requests through alternating instances, as one client behind a load balancer; their statuses. */
export async function alternate(instances: Instance[], slug: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) statuses.push(await initializeStatus(instances[index % instances.length]!, slug));
  return statuses;
}

async function readUntil(body: ReadableStream<Uint8Array>, marker: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before "${marker}": ${text}`);
    text += decoder.decode(value, { stream: true });
    const event = text.split("\n\n").find((chunk) => chunk.includes(marker));
    if (event) {
      await reader.cancel();
      return event;
    }
  }
}
