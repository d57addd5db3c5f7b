// One HTTP server on PORT for everything: health, playground, Slack, Lark, TikTok and ingest. A tiny router is
// enough: the platform SDKs bring their own request handling and mount as raw handlers. The router also owns the
// one rule every route shares: a request body is bounded while it is read, never buffered first and measured after.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { z } from "zod";

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * The largest request body a POST route reads unless it names its own limit: 1 MB. Every JSON body Starling takes
 * (a playground command, a form, a Slack interaction with a whole modal's state, a Lark callback, a TikTok webhook)
 * is kilobytes; a megabyte is ample room and still a bounded cost per connection. Refused with 413.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** GET routes read no body at all: one that comes anyway is refused with 413 before the handler runs. */
export const GET_MAX_BODY_BYTES = 0;
/**
 * How long a refused body is still read and thrown away after the answer (never buffered). Closing at once would
 * reset the connection while the client is still sending, and many clients then lose the 413 and report a broken
 * pipe instead; two seconds lets any sane upload see the answer, and bounds what a slow sender can hold.
 */
const REFUSED_BODY_LINGER_MS = 2_000;

export interface Route {
  method: "GET" | "POST";
  path: string;
  handler: RawHandler;
  /**
   * The largest body this route takes, in bytes: DEFAULT_MAX_BODY_BYTES for POST, GET_MAX_BODY_BYTES for GET. A
   * Content-Length over it is answered 413 before the handler runs; `readBody` stops at it for a chunked body.
   */
  maxBodyBytes?: number;
  /** Answers a body over the limit in the route's own error shape; `{"error": "…"}` otherwise. */
  onTooLarge?: (res: ServerResponse, limit: number) => void;
}

type RouteOptions = Pick<Route, "maxBodyBytes" | "onTooLarge">;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

/** The limit of the route a request was routed to, set by the router before its handler runs. */
const routeLimits = new WeakMap<IncomingMessage, number>();

/** "1 MB", "5 MB", "512 KB", "0 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

const tooLarge = (limit: number) =>
  new HttpError(
    413,
    limit === 0
      ? "This route takes no request body"
      : `The request body is larger than ${describeBytes(limit)}, the most this route takes`,
  );

/** The Content-Length a request declares; undefined for a chunked body or none. (Node's parser refuses junk.) */
function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  return header === undefined ? undefined : Number(header);
}

const hasBody = (req: IncomingMessage) =>
  (declaredLength(req) ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;

/**
 * Reads a request body into memory, bounded while reading: a declared Content-Length over the limit is refused
 * before a byte is read, and a chunked body is refused at the first chunk past it (what came before is dropped, the
 * rest is thrown away as it arrives). The limit is the route's (see Route.maxBodyBytes), or `limit` when smaller.
 */
export function readBody(req: IncomingMessage, limit?: number): Promise<Buffer> {
  const routeLimit = routeLimits.get(req);
  const max = Math.min(limit ?? routeLimit ?? DEFAULT_MAX_BODY_BYTES, routeLimit ?? Number.POSITIVE_INFINITY);
  if ((declaredLength(req) ?? 0) > max) return Promise.reject(tooLarge(max));
  // A second read would wait for an end that already happened: a programming error, not the client's.
  if (req.readableEnded) return Promise.reject(new Error("the request body was already read"));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onFail);
      req.off("close", onClose);
      if (error) {
        chunks.length = 0;
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // Removing the listener leaves the stream flowing: later chunks are dropped as they arrive, never kept.
      if (size > max) finish(tooLarge(max));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onFail = () => finish(new HttpError(400, "The request body did not arrive in full"));
    const onClose = () => {
      if (!req.complete) onFail();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onFail);
    req.on("close", onClose);
  });
}

/** Reads a JSON body and validates it; a bad body is a 400 that names the bad field. */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const raw = (await readBody(req)).toString("utf8");
  let data: unknown;
  try {
    data = raw.length ? JSON.parse(raw) : {};
  } catch {
    throw new HttpError(400, "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "body";
    throw new HttpError(400, `Invalid ${where}: ${issue?.message ?? "invalid value"}`);
  }
  return parsed.data;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(html);
}

/**
 * After the answer, a body nobody read (a 404, a 401 before reading, a 413) is thrown away as it arrives, and the
 * connection is closed if it has not all arrived within REFUSED_BODY_LINGER_MS.
 */
function discardUnreadBody(req: IncomingMessage): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket?.destroy(), REFUSED_BODY_LINGER_MS);
  timer.unref();
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

export interface HttpServer {
  server: Server;
  add(route: Route): void;
  /** A handler for every path under a prefix (e.g. "/api/ingest/"). */
  addPrefix(method: Route["method"], prefix: string, handler: RawHandler, options?: RouteOptions): void;
  /** Listens on `host` (127.0.0.1 unless told otherwise) and resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createHttpServer(log: { error(message: string, error?: unknown): void }): HttpServer {
  const routes = new Map<string, Route>();
  const prefixes: (RouteOptions & { method: string; prefix: string; handler: RawHandler })[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const route =
      routes.get(`${method} ${url.pathname}`) ??
      prefixes.find((p) => p.method === method && url.pathname.startsWith(p.prefix));
    res.once("finish", () => discardUnreadBody(req));
    try {
      if (!route) {
        const other = [...routes.keys()].some((key) => key.endsWith(` ${url.pathname}`));
        throw other
          ? new HttpError(405, `${method} is not allowed on ${url.pathname}`)
          : new HttpError(404, `No route for ${url.pathname}`);
      }
      const limit = route.maxBodyBytes ?? (method === "GET" ? GET_MAX_BODY_BYTES : DEFAULT_MAX_BODY_BYTES);
      routeLimits.set(req, limit);
      // Refused on the headers alone, before the handler (and any authentication) runs: nothing is read.
      if ((declaredLength(req) ?? 0) > limit || (limit === 0 && hasBody(req))) {
        if (route.onTooLarge) route.onTooLarge(res, limit);
        else throw tooLarge(limit);
        return;
      }
      // A client that asked "may I send this body?" (Expect: 100-continue) is told to go on only once the route
      // and the declared size are known to be acceptable: a refused one never sends its body at all.
      if (expectsContinue) res.writeContinue();
      await route.handler(req, res);
    } catch (error) {
      if (res.headersSent) {
        log.error(`error after response started on ${url.pathname}`, error);
        res.end();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.message, ...(error.detail ? { detail: error.detail } : {}) });
        return;
      }
      log.error(`unhandled error on ${method} ${url.pathname}`, error);
      sendJson(res, 500, { error: "Internal error; see the server log" });
    }
  }

  const server = createServer((req, res) => handle(req, res, false));
  server.on("checkContinue", (req, res) => handle(req, res, true));
  // Slack retries when it gets no answer in 3 s: keep sockets from piling up on a slow client. The request timeout
  // also bounds how long any body may take to arrive.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;

  return {
    server,
    add(route) {
      routes.set(`${route.method} ${route.path}`, route);
    },
    addPrefix(method, prefix, handler, options = {}) {
      prefixes.push({ method, prefix, handler, ...options });
    },
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
