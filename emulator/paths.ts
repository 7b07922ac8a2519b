/** RFC 3986 unreserved characters: percent-encoding them changes nothing, so they are decoded before routing. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * The one form of a request path that routing, fault matching, the admin check and the request log all see:
 * unreserved characters percent-decoded (`%5F` → `_`), other escapes upper-cased and kept (so `%2F` stays inside its
 * segment), `.` and `..` segments resolved, empty segments (duplicate or trailing slashes) dropped. The query string
 * is kept as sent.
 */
export function normalisePath(rawUrl: string): string {
  // An absolute-form request target (`GET http://host/path`) routes by its path.
  const url = rawUrl.startsWith("/") ? rawUrl : rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? "" : url.slice(queryAt);
  const decoded = path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  const segments: string[] = [];
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}${query}`;
}

/** The normalised path without its query string. */
export function pathOnly(url: string): string {
  const path = normalisePath(url);
  const queryAt = path.indexOf("?");
  return queryAt === -1 ? path : path.slice(0, queryAt);
}
