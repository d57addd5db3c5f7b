// Errors a member can cause and understand. Each carries a message key (translated by the dispatcher into
// the member's language) and, where it helps, a correct example of the command they were trying to type.
import type { MessageKey } from "./i18n.js";

export class UserError extends Error {
  override name = "UserError";
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
    /** A correct command to copy, e.g. "/log video 3 #lipstick". */
    readonly example?: string,
  ) {
    super(key);
  }
}

/** A permission denial: the dispatcher answers with the reason and writes it to the audit log. */
export class PermissionDenied extends UserError {
  override name = "PermissionDenied";
  constructor(
    readonly action: string,
    readonly reasonKey: MessageKey,
    params: Record<string, string | number> = {},
  ) {
    super(reasonKey, params);
  }
}
