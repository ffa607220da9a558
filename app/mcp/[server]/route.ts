import { clientAddressFrom } from "@/lib/client-address-header";
import { gatewayRuntime } from "@/lib/gateway/gateway-runtime";
import { handleWebRequest } from "@/lib/gateway/web-handler";

/**
 * The gateway through Next.js, for `next dev` and other hosts of the app. `npm start` serves
 * /mcp/* on node:http without Next's pipeline (server/main.ts), which is several times faster.
 */
export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  const runtime = gatewayRuntime();
  return handleWebRequest(runtime.gateway, request, { clientAddress: clientAddressFrom(request.headers), publicOrigin: runtime.publicOrigin, bufferResponses: true });
}

export { handle as DELETE, handle as GET, handle as OPTIONS, handle as POST };
