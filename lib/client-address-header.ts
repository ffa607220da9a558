/**
 * The production entry writes the caller's address (the TCP peer, or what a trusted proxy
 * reports) into this header before handing a request to Next.js, after removing any copy
 * the client sent; route handlers cannot see the socket. Without the entry (next dev) the
 * header is absent and the address reads as "unknown".
 */
export const CLIENT_ADDRESS_HEADER = "x-gatehouse-client-address";

export function clientAddressFrom(headers: { get(name: string): string | null } | Record<string, unknown>): string {
  const value =
    typeof (headers as { get?: unknown }).get === "function"
      ? (headers as { get(name: string): string | null }).get(CLIENT_ADDRESS_HEADER)
      : (headers as Record<string, unknown>)[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value !== "" ? value : "unknown";
}
