/** Liveness for load balancers and orchestrators: the process is up and serving. */
export const dynamic = "force-dynamic";

export function GET() {
  return new Response('{"status":"ok"}', { headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
