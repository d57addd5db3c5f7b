// A file a member sends to the bot (a Slack file share, a Lark file message), the same for every platform: who sent
// it, how to read it, and a thread to answer in (a progress message that is updated, then the summary).
import type { Readable } from "node:stream";
import type { MemberProfile } from "../members/types.js";
import type { OutgoingMessage } from "./message.js";
import type { PlatformName, PostedRef } from "./platform.js";

export interface UploadedFile {
  platform: PlatformName;
  member: MemberProfile;
  fileName: string;
  /** As the platform reports it; null when unknown. */
  sizeBytes: number | null;
  /** Text sent with the file (Lark) or in the share message (Slack): may name the shop. */
  text: string;
  /** Downloads the file (an authenticated request to the platform). */
  open(): Promise<Readable>;
  /** Answers in the file's thread; `update` replaces that answer (progress, then the summary). */
  reply(message: OutgoingMessage): Promise<PostedRef>;
  update(ref: PostedRef, message: OutgoingMessage): Promise<void>;
}

/** What the core does with an uploaded file (the composition root passes the importer). */
export type UploadHandler = (file: UploadedFile) => Promise<void>;
