import { deny, type Denial } from "../policy/denials";

/**
 * Reads a request body up to a limit. A declared Content-Length over the limit is refused
 * before a byte is read; a body without one (chunked) is counted while it arrives and cut at
 * the limit.
 */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; denial: Denial };

export function checkDeclaredLength(contentLength: string | undefined, limit: number): Denial | null {
  if (contentLength === undefined) return null;
  // Repeated headers arrive joined by commas; they must agree (RFC 9112 §6.3).
  const values = contentLength.split(",").map((value) => value.trim());
  if (!values.every((value) => /^\d{1,15}$/.test(value)) || new Set(values).size !== 1) {
    return deny("invalid_request", "Content-Length is not a valid length");
  }
  const length = Number(values[0]);
  return length > limit ? tooLarge(limit) : null;
}

function tooLarge(limit: number): Denial {
  return deny("payload_too_large", `The request body is larger than this server accepts (${limit.toLocaleString("en-US")} bytes)`);
}

export async function readBody(stream: AsyncIterable<Uint8Array>, limit: number): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Iterated by hand: leaving a for-await loop early would destroy the request stream, and
  // with it the socket the 413 answer has to go out on.
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = next.value;
      size += chunk.length;
      if (size > limit) return { ok: false, denial: tooLarge(limit) };
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    }
  } catch {
    // The client went away mid-body (or its stream broke): a failed request, not a gateway failure.
    return { ok: false, denial: deny("invalid_request", "The request body ended before it was complete") };
  }
  return { ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) };
}
