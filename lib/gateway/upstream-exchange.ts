import { errors as undiciErrors, type Dispatcher } from "undici";
import type { OutboundCredentialEvaluator, RetryEvaluator } from "../policy/types";
import type { CancellationSignal } from "./client-signal";
import { isConnectionFailure } from "./upstream-errors";

/**
 * One request to the upstream with what the transform phase asks of it: the Outbound
 * credential as Authorization, a renewal of that credential and one more try when the
 * upstream answers 401 (OAuth2 tokens), and HTTP Retry's further attempts after a refused or
 * reset connection or a listed status, with its backoff. A body can be sent again only when
 * the gateway kept it (`replayable`); a streamed one is sent once, whatever the rules say.
 */
export type UpstreamRequest = Dispatcher.RequestOptions & { headers: Record<string, string>; signal: CancellationSignal };

export type ExchangePlan = { credential: OutboundCredentialEvaluator | null; retry: RetryEvaluator | null; replayable: boolean };

export type ExchangeOutcome =
  | { kind: "response"; response: Dispatcher.ResponseData<unknown>; attempts: number }
  | { kind: "failed"; error: unknown; attempts: number }
  /** The Outbound credential could not be had (a token endpoint that refused, say). */
  | { kind: "no-credential"; reason: string };

export type Wait = (ms: number, signal: CancellationSignal) => Promise<void>;

export async function exchange(dispatcher: Dispatcher, options: UpstreamRequest, plan: ExchangePlan, wait: Wait = sleep): Promise<ExchangeOutcome> {
  const { credential, retry } = plan;
  if (credential) {
    const authorization = await credential.authorization();
    if (!authorization.ok) return { kind: "no-credential", reason: authorization.reason };
    options.headers.authorization = authorization.value;
  }
  const retries = retry && plan.replayable && retry.retriesMethod(String(options.method)) ? retry.attempts - 1 : 0;
  let renewed = false;
  for (let attempt = 1; ; attempt++) {
    let response: Dispatcher.ResponseData<unknown>;
    try {
      response = await dispatcher.request(options);
    } catch (error) {
      if (attempt > retries || !isConnectionFailure(error)) return { kind: "failed", error, attempts: attempt };
      if (!(await pause(retry!.delayMs(attempt), options.signal, wait))) return { kind: "failed", error: new undiciErrors.RequestAbortedError(), attempts: attempt };
      continue;
    }
    if (response.statusCode === 401 && credential?.refresh && !renewed) {
      // The upstream refused the credential: renewed once, and the request sent once more. A
      // streamed body cannot be sent again, but the refused token is still forgotten, so that
      // the next request does not carry it too.
      renewed = true;
      const refused = options.headers.authorization!;
      credential.refresh(refused);
      if (!plan.replayable) return { kind: "response", response, attempts: attempt };
      const fresh = await credential.authorization();
      if (fresh.ok && fresh.value !== refused) {
        await response.body.dump();
        options.headers.authorization = fresh.value;
        attempt--;
        continue;
      }
    }
    if (attempt <= retries && retry!.retriesStatus(response.statusCode)) {
      await response.body.dump();
      if (!(await pause(retry!.delayMs(attempt), options.signal, wait))) return { kind: "failed", error: new undiciErrors.RequestAbortedError(), attempts: attempt };
      continue;
    }
    return { kind: "response", response, attempts: attempt };
  }
}

/** Waits; false when the caller went away meanwhile (nobody is left to retry for). */
async function pause(ms: number, signal: CancellationSignal, wait: Wait): Promise<boolean> {
  if (ms > 0) await wait(ms, signal);
  return !signal.aborted;
}

/** A timer that ends early when the caller goes away (either kind of signal, client-signal.ts). */
export function sleep(ms: number, signal: CancellationSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      if ("removeEventListener" in signal) signal.removeEventListener("abort", done);
      else signal.off("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if ("addEventListener" in signal) signal.addEventListener("abort", done, { once: true });
    else signal.once("abort", done);
  });
}
