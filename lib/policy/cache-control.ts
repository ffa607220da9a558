/**
 * Cache-Control (RFC 9111 §5.2): the directives of a header value, by lower-case name, with
 * their argument ("" for a directive without one). A quoted argument loses its quotes. The
 * first occurrence of a directive counts.
 */
const DIRECTIVE = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?\s*(?:,|$)/y;

export function parseCacheControl(value: string | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  if (!value) return directives;
  DIRECTIVE.lastIndex = 0;
  while (DIRECTIVE.lastIndex < value.length) {
    const start = DIRECTIVE.lastIndex;
    const match = DIRECTIVE.exec(value);
    if (!match) {
      // Skip a malformed element up to the next comma rather than give up on the rest.
      const comma = value.indexOf(",", start);
      if (comma === -1) break;
      DIRECTIVE.lastIndex = comma + 1;
      continue;
    }
    const name = match[1]!.toLowerCase();
    if (!directives.has(name)) directives.set(name, match[2]?.replace(/\\(.)/g, "$1") ?? match[3] ?? "");
    if (DIRECTIVE.lastIndex === start) break;
  }
  return directives;
}

/** A delta-seconds argument (RFC 9111 §1.2.2), or null when the argument is not one. */
export function deltaSeconds(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : null;
}
