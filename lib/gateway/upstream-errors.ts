import { errors as undiciErrors } from "undici";
import { deny, type Denial } from "../policy/denials";
import { BodyLimitExceeded } from "./request-body";

/**
 * What a failed upstream request means for the caller: a timeout (504), an upstream that
 * cannot be reached (502), a body cut at the size limit while it streamed (413), or
 * "aborted" when the caller itself went away and nobody is left to answer.
 */
export function upstreamFailure(error: unknown, upstream: string, timeoutMs: number): Denial | "aborted" {
  if (error instanceof undiciErrors.HeadersTimeoutError) return deny("upstream_timeout", `${upstream} did not answer within ${timeoutMs / 1000} s`);
  if (error instanceof BodyLimitExceeded) return error.denial;
  if (isAbort(error)) return "aborted";
  return deny("upstream_unavailable", `${upstream} is not reachable (${describeNetworkError(error)})`);
}

/** A failure where the upstream cannot have acted on the request: worth another attempt. */
export function isConnectionFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ECONNREFUSED" || code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE" || code === "EAI_AGAIN";
}

function isAbort(error: unknown): boolean {
  return error instanceof undiciErrors.RequestAbortedError || (error as { name?: string })?.name === "AbortError";
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
}

function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  return code ?? "network error";
}
