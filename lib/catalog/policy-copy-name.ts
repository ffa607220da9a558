import { POLICY_NAME_MAX } from "../policy/policy-schema";

/** Room left for " (copy 99)" so that a copy's name stays within the limit. */
export const POLICY_NAME_MAX_FOR_COPY = POLICY_NAME_MAX - " (copy 99)".length;

/** "Name (copy)", then "Name (copy 2)", … : the first one not taken (case-insensitively). */
export function nextCopyName(name: string, takenLowerCase: Set<string>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (copy)` : `${name} (copy ${n})`;
    if (!takenLowerCase.has(candidate.toLowerCase())) return candidate;
  }
}
