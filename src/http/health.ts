// GET /healthz: 200 when the database answers, 503 otherwise (load balancers take a replica out on 503).
import { type HttpServer, sendJson } from "./server.js";

export function mountHealth(http: HttpServer, db: { ping(timeoutMs?: number): Promise<boolean> }): void {
  http.add({
    method: "GET",
    path: "/healthz",
    async handler(_req, res) {
      const dbOk = await db.ping(2000);
      sendJson(res, dbOk ? 200 : 503, { status: dbOk ? "ok" : "unavailable", db: dbOk ? "ok" : "down" });
    },
  });
}
