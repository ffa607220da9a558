import { clientAddressFrom } from "@/lib/client-address-header";
import { gatewayRuntime } from "@/lib/gateway/gateway-runtime";
import { handleWebRequest } from "@/lib/gateway/web-handler";

/** RFC 9728 protected resource metadata of /apis/<service>, when served through Next.js. */
export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  const runtime = gatewayRuntime();
  return handleWebRequest(runtime.apiGateway, request, { clientAddress: clientAddressFrom(request.headers), publicOrigin: runtime.publicOrigin, bufferResponses: true });
}

export { handle as GET, handle as OPTIONS };
