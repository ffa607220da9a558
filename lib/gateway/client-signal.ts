import { EventEmitter } from "node:events";

/**
 * Tells undici that the client went away, so the upstream request is cancelled with it.
 * undici takes any EventEmitter with an `aborted` flag as a signal; this is much cheaper per
 * request than an AbortController, whose signal Node builds with a DOMException reason.
 */
export class ClientSignal extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit("abort");
  }
}

/** What the gateway core accepts as its cancellation signal: the above, or a Fetch AbortSignal. */
export type CancellationSignal = ClientSignal | AbortSignal;
