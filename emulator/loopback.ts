/**
 * Loopback checks by parsed URL parts, never by string prefix: `http://127.0.0.1@elsewhere:80` starts with
 * `http://127.0.0.1` but its host is `elsewhere` (`127.0.0.1` is only the user name there).
 */
const LOOPBACK_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** `hostname` as `URL#hostname` gives it (IPv6 in brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase());
}

/** A URL on a loopback name, with no user name or password (which could otherwise hide where it goes). */
export function isLoopbackUrl(url: URL): boolean {
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.username === "" &&
    url.password === "" &&
    isLoopbackHostname(url.hostname)
  );
}

/**
 * A `Host` header naming this server by a loopback name: `127.0.0.1`, `localhost` or `[::1]`, with no port or the
 * port the request arrived on. A page that rebinds its own DNS name to 127.0.0.1 still sends its own name here.
 */
export function isLoopbackHostHeader(host: string | undefined, localPort: number | undefined): boolean {
  if (host === undefined || host === "" || /[/?#@\s]/.test(host)) return false;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  return isLoopbackHostname(url.hostname) && (url.port === "" || url.port === String(localPort));
}

/** An `Origin` header (sent by browsers) that is this server itself on a loopback name. */
export function isOwnLoopbackOrigin(origin: string, localPort: number | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === "http:" && isLoopbackHostHeader(url.host, localPort);
}
