// Renders neutral messages to HTML for the playground. Everything user-typed is escaped.
import type { Block, OutgoingMessage } from "./message.js";

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const multiline = (text: string) => escapeHtml(text).replaceAll("\n", "<br>");

function renderBlock(block: Block): string {
  switch (block.type) {
    case "header":
      return `<div class="b-header">${escapeHtml(block.text)}</div>`;
    case "section": {
      const fields = block.fields?.length ? renderFields(block.fields) : "";
      return `<div class="b-section">${multiline(block.text)}${fields}</div>`;
    }
    case "fields":
      return renderFields(block.fields);
    case "context":
      return `<div class="b-context">${multiline(block.text)}</div>`;
    case "divider":
      return `<hr class="b-divider">`;
    case "actions":
      return `<div class="b-actions">${block.buttons
        .map(
          (b) =>
            `<button class="b-button ${b.style ?? ""}" data-action-id="${escapeHtml(b.actionId)}" data-value="${escapeHtml(b.value)}">${escapeHtml(b.label)}</button>`,
        )
        .join("")}</div>`;
    case "image": {
      const src = block.png ? `data:image/png;base64,${Buffer.from(block.png).toString("base64")}` : (block.url ?? "");
      return `<figure class="b-image"><img src="${escapeHtml(src)}" alt="${escapeHtml(block.alt)}">${block.title ? `<figcaption>${escapeHtml(block.title)}</figcaption>` : ""}</figure>`;
    }
  }
}

function renderFields(fields: { label: string; value: string }[]): string {
  return `<div class="b-fields">${fields
    .map(
      (f) =>
        `<div class="b-field"><span class="b-label">${escapeHtml(f.label)}</span><span class="b-value">${multiline(f.value)}</span></div>`,
    )
    .join("")}</div>`;
}

export function renderHtml(message: OutgoingMessage): string {
  const files = (message.files ?? [])
    .map(
      (f) => `<div class="b-file">📎 ${escapeHtml(f.name)} (${f.content.byteLength.toLocaleString("en")} bytes)</div>`,
    )
    .join("");
  return `<div class="msg${message.ephemeral ? " ephemeral" : ""}">${message.blocks.map(renderBlock).join("")}${files}</div>`;
}
