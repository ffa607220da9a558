import http from "node:http";
import { expect } from "vitest";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * A request with its target sent exactly as written: fetch() and the URL parser resolve
 * "." and ".." segments (also %2e%2e) before anything is sent, which would hide what a
 * gateway does with them. `body` as an array is sent chunked, piece by piece.
 */
export function rawRequest(origin: string, target: string, init: { method?: string; headers?: Record<string, string>; body?: string | string[] } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path: target, method: init.method ?? "GET", headers: init.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    if (Array.isArray(init.body)) {
      for (const piece of init.body) request.write(piece);
      request.end();
    } else {
      request.end(init.body);
    }
  });
}

export type Problem = { type: string; title: string; status: number; detail: string };

/** The problem details (RFC 9457) of a refusal by the API gateway, checked for shape and status. */
export async function problemOf(response: Response | RawResponse, status: number): Promise<Problem> {
  const contentType = response instanceof Response ? response.headers.get("content-type") : response.headers["content-type"];
  const text = response instanceof Response ? await response.text() : response.body;
  expect(response.status, text).toBe(status);
  expect(contentType).toBe("application/problem+json");
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({ type: expect.stringMatching(/^https:\/\/gatehouse\.dev\/problems\//), title: expect.any(String), status, detail: expect.any(String) });
  return problem;
}
