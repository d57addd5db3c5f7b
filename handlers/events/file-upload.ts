// A file sent to the bot in Slack or Lark: saved to a temporary file, imported into the right shop, with a progress
// message in the file's thread that becomes the summary. Bad files get the reason in the member's language. A file
// over MAX_UPLOAD_BYTES is refused before it is downloaded when the platform says its size (Slack), and the download
// is cut off at that size otherwise (Lark).
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { message } from "../../src/chat/message.js";
import type { UploadHandler } from "../../src/chat/uploads.js";
import { isDatabaseUnavailable } from "../../src/db/unavailable.js";
import { PermissionDenied, UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import { atLeast } from "../../src/domain/permissions.js";
import { formatBytes, LimitExceeded, MAX_UPLOAD_BYTES } from "../../src/imports/limits.js";
import { renderImportProgress, renderImportStarted, renderImportSummary } from "../../src/imports/render.js";
import type { Logger } from "../../src/log.js";
import type { Services } from "../../src/services.js";

/** Progress edits at most this often: chat APIs rate-limit message updates. */
const PROGRESS_EVERY_MS = 3000;
/** A download of MAX_UPLOAD_BYTES takes seconds from Slack or Lark; one still going after this is abandoned. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const tooBig = (size: number) =>
  new LimitExceeded("import.limit.upload", { size: formatBytes(size), limit: formatBytes(MAX_UPLOAD_BYTES) });

/** Passes the download through, and fails it as soon as it grows past MAX_UPLOAD_BYTES (nothing more is read). */
function sizeLimit(): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      bytes += chunk.length;
      if (bytes > MAX_UPLOAD_BYTES) done(tooBig(bytes));
      else done(null, chunk);
    },
  });
}

export function fileUploadHandler(services: Services, log: Logger): UploadHandler {
  return async (file) => {
    const { member } = file;
    const locale = member.language;
    const ref = await file.reply(renderImportStarted(file.fileName, locale));
    const dir = await mkdtemp(join(tmpdir(), "starling-upload-"));
    const path = join(dir, "upload");
    let lastUpdate = Date.now();
    try {
      // Refused before a byte is downloaded when the platform says how big the file is.
      if (file.sizeBytes !== null && file.sizeBytes > MAX_UPLOAD_BYTES) throw tooBig(file.sizeBytes);
      await pipeline(await file.open(), sizeLimit(), createWriteStream(path), {
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
      const summary = await services.imports.importFile({
        workspaceId: member.workspaceId,
        path,
        fileName: file.fileName,
        text: file.text,
        teamId: member.team?.id ?? null,
        actorId: member.id,
        allowShop(shop) {
          // Members and leads import into their own team's shops; managers and admins into any.
          if (!atLeast(member, "manager") && member.team?.id !== shop.teamId) {
            throw new PermissionDenied("import.file", "deny.import_shop", { shop: shop.name });
          }
        },
        onProgress(progress) {
          if (Date.now() - lastUpdate < PROGRESS_EVERY_MS) return;
          lastUpdate = Date.now();
          file.update(ref, renderImportProgress(file.fileName, progress, locale)).catch((error: unknown) => {
            log.warn(`could not update the progress of ${file.fileName}`, error);
          });
        },
      });
      await file.update(ref, renderImportSummary(summary, locale));
    } catch (error) {
      if (error instanceof UserError) {
        const text = t(locale, error.key, error.params);
        const example = error.example ? `\n${t(locale, "example")}: ${error.example}` : "";
        await file.update(ref, message([{ type: "section", text: `⚠️ ${text}${example}` }]));
        if (error instanceof PermissionDenied) {
          await services.audit.record({
            workspaceId: member.workspaceId,
            actorId: member.id,
            action: error.action,
            subject: file.fileName,
            allowed: false,
          });
        }
        return;
      }
      // The database went away mid-import: the transaction rolled back, so "send it again" is the whole truth.
      if (isDatabaseUnavailable(error)) {
        log.error(`database unavailable while importing ${file.fileName} from @${member.handle}`, error);
        await file
          .update(
            ref,
            message([
              { type: "section", text: `⚠️ ${t(locale, "import.database_unavailable", { file: file.fileName })}` },
            ]),
          )
          .catch((updateError: unknown) => log.warn(`could not answer about ${file.fileName}`, updateError));
        return;
      }
      log.error(`import of ${file.fileName} from @${member.handle} failed`, error);
      await file.update(
        ref,
        message([{ type: "section", text: `❌ ${t(locale, "import.failed", { file: file.fileName })}` }]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
