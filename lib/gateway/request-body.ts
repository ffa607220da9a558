import type { IncomingHttpHeaders } from "node:http";
import { Transform, type Readable } from "node:stream";
import { deny, type Denial } from "../policy/denials";

/**
 * Reads a request body up to a limit. A declared Content-Length over the limit is refused
 * before a byte is read; a body without one (chunked) is counted while it arrives and cut at
 * the limit.
 */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; denial: Denial };

/** A refused body up to this size is drained so the connection can be reused; a larger one closes it. */
export const DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * Whether a request refused before its body was read must close its connection: node:http
 * reads an unread body to its end to reuse the connection, which is not worth it for a large
 * (or unannounced, chunked) one.
 */
export function unreadBodyClosesConnection(headers: IncomingHttpHeaders): boolean {
  const length = headers["content-length"];
  if (length === undefined) return headers["transfer-encoding"] !== undefined;
  return !(Number(length) <= DRAIN_LIMIT_BYTES);
}

/** Whether the request has a body at all (RFC 9112 §6.3: a request without either header has none). */
export function hasRequestBody(headers: IncomingHttpHeaders): boolean {
  return headers["transfer-encoding"] !== undefined || (headers["content-length"] !== undefined && headers["content-length"] !== "0");
}

/** A streamed body went over the limit; the upstream request fails with this, and the caller gets the 413. */
export class BodyLimitExceeded extends Error {
  constructor(readonly denial: Denial) {
    super(denial.message);
    this.name = "BodyLimitExceeded";
  }
}

/**
 * A body without a Content-Length (chunked), counted while it streams through and failed at
 * the limit. A declared length needs no counting: node:http ends the body there.
 */
export function limitedBody(stream: Readable, limit: number): Readable {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) done(new BodyLimitExceeded(tooLarge(limit)));
      else done(null, chunk);
    },
  });
  stream.once("error", (error) => counter.destroy(error));
  return stream.pipe(counter);
}

export function checkDeclaredLength(contentLength: string | undefined, limit: number): Denial | null {
  if (contentLength === undefined) return null;
  if (/^\d{1,15}$/.test(contentLength)) return Number(contentLength) > limit ? tooLarge(limit) : null;
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

export function readBody(stream: Readable, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      stream.off("data", onData).off("end", onEnd).off("error", onBroken).off("close", onBroken);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading, but leave the stream (and its socket) open for the 413 answer.
        stream.pause();
        finish({ ok: false, denial: tooLarge(limit) });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    // The client went away mid-body (or its stream broke): a failed request, not a gateway failure.
    const onBroken = () => finish({ ok: false, denial: deny("invalid_request", "The request body ended before it was complete") });
    stream.on("data", onData).once("end", onEnd).once("error", onBroken).once("close", onBroken);
  });
}
