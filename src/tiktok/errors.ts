// Errors the TikTok Shop client throws. Both name the endpoint and carry TikTok's code, message and request_id,
// which is what TikTok's partner support asks for in a ticket.

export interface TikTokFailure {
  /** "POST /order/202309/orders/search". */
  endpoint: string;
  httpStatus: number | null;
  /** The envelope's code, or null when there was no envelope (network error, HTML error page). */
  code: number | null;
  message: string;
  requestId: string | null;
}

/** TikTok answered with a non-zero envelope code (or an unusable response) that retrying will not fix. */
export class TikTokApiError extends Error implements TikTokFailure {
  readonly endpoint: string;
  readonly httpStatus: number | null;
  readonly code: number | null;
  readonly requestId: string | null;
  readonly apiMessage: string;

  constructor(failure: TikTokFailure) {
    const code = failure.code === null ? "" : ` code ${failure.code}`;
    const request = failure.requestId ? ` (request_id ${failure.requestId})` : "";
    super(`TikTok Shop ${failure.endpoint} failed:${code} ${failure.message}${request}`);
    this.name = "TikTokApiError";
    this.endpoint = failure.endpoint;
    this.httpStatus = failure.httpStatus;
    this.code = failure.code;
    this.requestId = failure.requestId;
    this.apiMessage = failure.message;
  }
}

/** Every attempt was rate limited or hit a transient failure; `last` is what the final attempt got. */
export class TikTokRetriesExhaustedError extends Error {
  readonly endpoint: string;
  readonly attempts: number;
  readonly last: TikTokFailure;

  constructor(attempts: number, last: TikTokFailure) {
    const what = [
      last.httpStatus === null ? null : `HTTP ${last.httpStatus}`,
      last.code === null ? null : `code ${last.code}`,
    ]
      .filter(Boolean)
      .join(", ");
    const request = last.requestId ? `, request_id ${last.requestId}` : "";
    super(
      `TikTok Shop ${last.endpoint} still failing after ${attempts} attempts; last: ${what || "no response"} ` +
        `"${last.message}"${request}`,
    );
    this.name = "TikTokRetriesExhaustedError";
    this.endpoint = last.endpoint;
    this.attempts = attempts;
    this.last = last;
  }
}
