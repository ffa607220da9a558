import { appContext } from "../app-context";
import type { Actor } from "../catalog/actor";
import { authenticateApiToken } from "../catalog/api-tokens";
import { currentActor } from "./current-actor";

/**
 * Who calls the REST API: an API token in `Authorization: Bearer`, else the console session.
 * A bearer token that is not valid is not silently replaced by the session.
 */
export async function apiActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (authorization) return match ? authenticateApiToken(appContext(), match[1]!) : null;
  return currentActor();
}
