import { clientAddressFrom } from "@/lib/client-address-header";
import { gatewayRuntime } from "@/lib/gateway/gateway-runtime";
import { handleWebRequest } from "@/lib/gateway/web-handler";

/**
 * API services through Next.js, for `next dev` and other hosts of the app. `npm start` serves
 * /apis/* on node:http without Next's pipeline (server/main.ts), which is several times faster.
 */
export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  const runtime = gatewayRuntime();
  return handleWebRequest(runtime.apiGateway, request, { clientAddress: clientAddressFrom(request.headers), publicOrigin: runtime.publicOrigin, bufferResponses: false });
}

export { handle as DELETE, handle as GET, handle as HEAD, handle as OPTIONS, handle as PATCH, handle as POST, handle as PUT };
