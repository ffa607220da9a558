import type { JsonRpcId } from "../policy/request-context";

/**
 * Removes from tools/list results the tools the caller could not call, so an agent never
 * sees a tool it would be refused. Only responses to this request's own tools/list ids are
 * touched; anything unparsable passes unchanged.
 */
export function filterToolsList(text: string, requestIds: ReadonlySet<JsonRpcId>, visible: (tool: string) => boolean): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  let changed = false;
  const filterMessage = (message: unknown): unknown => {
    if (typeof message !== "object" || message === null) return message;
    const { id, result } = message as { id?: JsonRpcId; result?: { tools?: unknown } };
    if (!requestIds.has(id ?? null) || !result || !Array.isArray(result.tools)) return message;
    const tools = result.tools.filter((tool: unknown) => typeof tool === "object" && tool !== null && visible(String((tool as { name?: unknown }).name)));
    if (tools.length === result.tools.length) return message;
    changed = true;
    return { ...message, result: { ...result, tools } };
  };
  const filtered = Array.isArray(parsed) ? parsed.map(filterMessage) : filterMessage(parsed);
  return changed ? JSON.stringify(filtered) : text;
}
