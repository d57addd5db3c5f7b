// The platform-neutral message model. Services and handlers build these; each platform renders them
// (Block Kit for Slack, card JSON 2.0 for Lark, HTML for the playground). `text` is always a complete
// plain-text version: notifications, screen readers and platforms that cannot render blocks show it.
import type { FormSpec } from "./forms.js";

export interface Button {
  /** Stable id the platform sends back on click, e.g. "log.undo". */
  actionId: string;
  label: string;
  /** Opaque value the action handler receives, e.g. the log id. */
  value: string;
  style?: "primary" | "danger";
}

export interface Field {
  label: string;
  value: string;
}

export type Block =
  | { type: "header"; text: string }
  /** A paragraph. `fields` render as a two-column grid under it where the platform supports it. */
  | { type: "section"; text: string; fields?: Field[] }
  | { type: "fields"; fields: Field[] }
  /** Small grey text: definitions, footnotes, "converted at the rate of 2026-11-20". */
  | { type: "context"; text: string }
  | { type: "divider" }
  | { type: "actions"; buttons: Button[] }
  /** A picture: `png` is the image itself (charts drawn server-side); `url` when it is already hosted. */
  | { type: "image"; alt: string; title?: string; png?: Uint8Array; url?: string };

export interface FileAttachment {
  name: string;
  mimeType: string;
  content: Uint8Array;
}

export interface OutgoingMessage {
  text: string;
  blocks: Block[];
  /** Only the person who typed the command sees it (Slack ephemeral); other platforms reply normally. */
  ephemeral?: boolean;
  files?: FileAttachment[];
  /** A form to open for the person who asked (a Slack modal, a Lark card form, an HTML form). */
  form?: FormSpec;
}

/** Builds a message whose plain-text fallback is derived from its blocks, so the two never disagree. */
export function message(
  blocks: Block[],
  options: { ephemeral?: boolean; files?: FileAttachment[]; form?: FormSpec } = {},
): OutgoingMessage {
  return { text: plainText(blocks), blocks, ...options };
}

export function plainText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "header":
      case "context":
        lines.push(block.text);
        break;
      case "section":
        lines.push(block.text);
        for (const field of block.fields ?? []) lines.push(`${field.label}: ${field.value}`);
        break;
      case "fields":
        for (const field of block.fields) lines.push(`${field.label}: ${field.value}`);
        break;
      case "actions":
        lines.push(block.buttons.map((b) => `[${b.label}]`).join(" "));
        break;
      case "image":
        lines.push(`[${block.title ?? block.alt}]`);
        break;
      case "divider":
        break;
    }
  }
  return lines.filter((line) => line.length > 0).join("\n");
}
