// One HTTP server on PORT for everything: health, playground, Slack, Lark and ingest. A tiny router is
// enough: the platform SDKs bring their own request handling and mount as raw handlers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { z } from "zod";

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Route {
  method: "GET" | "POST";
  path: string;
  handler: RawHandler;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

const MAX_JSON_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_JSON_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

export interface HttpServer {
  server: Server;
  add(route: Route): void;
  /** A handler for every path under a prefix (e.g. "/api/ingest/"). */
  addPrefix(method: Route["method"], prefix: string, handler: RawHandler): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createHttpServer(log: { error(message: string, error?: unknown): void }): HttpServer {
  const routes = new Map<string, RawHandler>();
  const prefixes: { method: string; prefix: string; handler: RawHandler }[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const handler =
      routes.get(`${method} ${url.pathname}`) ??
      prefixes.find((p) => p.method === method && url.pathname.startsWith(p.prefix))?.handler;
    try {
      if (!handler) {
        const other = [...routes.keys()].some((key) => key.endsWith(` ${url.pathname}`));
        throw other
          ? new HttpError(405, `${method} is not allowed on ${url.pathname}`)
          : new HttpError(404, `No route for ${url.pathname}`);
      }
      await handler(req, res);
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
  });
  // Slack retries when it gets no answer in 3 s: keep sockets from piling up on a slow client.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;

  return {
    server,
    add(route) {
      routes.set(`${route.method} ${route.path}`, route.handler);
    },
    addPrefix(method, prefix, handler) {
      prefixes.push({ method, prefix, handler });
    },
    listen(port, host = "0.0.0.0") {
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
