// Who may talk to the playground. It acts as any member without a password, so only pages served by this machine
// to this machine may: the Host must name a loopback address (or exactly the address Starling was told to listen
// on), which defeats DNS rebinding; an Origin, when a browser sends one, must be the page's own; and a POST body
// must be declared JSON, which a cross-site HTML form cannot send without a CORS preflight that nothing here answers.
import type { IncomingMessage } from "node:http";
import { HttpError } from "../http/server.js";

/** Addresses that mean "every interface": they name no host a browser could be on. */
const UNSPECIFIED = new Set(["0.0.0.0", "::", "[::]"]);

/** "LocalHost:3000" → "localhost", "[::1]:3000" → "::1", "127.0.0.1" → "127.0.0.1"; null when not a host. */
export function hostnameOf(hostHeader: string): string | null {
  // A Host is a name or address and a port: no user info ("evil@localhost"), path or query for the parser to read.
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(hostHeader)) return null;
  try {
    const { hostname } = new URL(`http://${hostHeader}`);
    if (!hostname) return null;
    return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  } catch {
    return null;
  }
}

function isLoopbackName(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "::1") return true;
  // The URL parser has already normalised the address (no leading zeros, each part at most 255).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Whether a Host header may reach the playground when Starling listens on `boundHost`. */
export function hostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  if (!name) return false;
  if (isLoopbackName(name)) return true;
  const bound = hostnameOf(boundHost.includes(":") && !boundHost.startsWith("[") ? `[${boundHost}]` : boundHost);
  return bound !== null && !UNSPECIFIED.has(boundHost) && name === bound;
}

/** Whether an Origin header names the same origin as the Host the request was sent to. */
export function sameOrigin(origin: string, hostHeader: string): boolean {
  try {
    const from = new URL(origin);
    if (from.protocol !== "http:" && from.protocol !== "https:") return false;
    // Read the Host with the origin's scheme, so a default port compares equal ("localhost" and "localhost:80").
    return from.host === new URL(`${from.protocol}//${hostHeader}`).host;
  } catch {
    // "null" (a sandboxed frame, a file:// page) and anything unparsable are no origin of ours.
    return false;
  }
}

/** Throws the 403 or 415 a request to the playground deserves; returns for one from its own page. */
export function checkPlaygroundRequest(req: IncomingMessage, boundHost: string): void {
  const host = req.headers.host;
  if (!hostAllowed(host, boundHost)) {
    throw new HttpError(
      403,
      `The playground answers only to this machine: Host "${host ?? ""}" is not localhost, 127.0.0.1, [::1] or the HOST Starling listens on`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, host as string)) {
    throw new HttpError(
      403,
      `The playground takes requests only from its own page, not from ${origin === "null" ? "an opaque origin" : `"${origin}"`}`,
    );
  }
  if (req.method === "POST") {
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (type !== "application/json") {
      throw new HttpError(415, `Send the body as JSON with Content-Type: application/json, not "${type || "none"}"`);
    }
  }
}
