// Renders neutral messages to HTML for the playground. Everything user-typed is escaped.
import type { FormField, FormSpec } from "./forms.js";
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

function renderFormField(field: FormField): string {
  // The label wraps its control, so the same form shown twice in the chat needs no unique element ids.
  const attributes = [
    `name="${escapeHtml(field.id)}"`,
    field.optional ? "" : "required",
    field.placeholder && field.kind !== "select" ? `placeholder="${escapeHtml(field.placeholder)}"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const initial = field.initial ?? "";
  let control: string;
  switch (field.kind) {
    case "text":
      control = `<input type="text" ${attributes} value="${escapeHtml(initial)}">`;
      break;
    case "multiline":
      control = `<textarea ${attributes} rows="3">${escapeHtml(initial)}</textarea>`;
      break;
    case "select": {
      const options = field.options ?? [];
      // Without a matching initial value the select starts blank rather than silently picking the first option.
      const blank = options.some((o) => o.value === initial) ? "" : `<option value="">—</option>`;
      control = `<select ${attributes}>${blank}${options
        .map(
          (o) =>
            `<option value="${escapeHtml(o.value)}"${o.value === initial ? " selected" : ""}>${escapeHtml(o.label)}</option>`,
        )
        .join("")}</select>`;
      break;
    }
  }
  const hint = field.hint ? `<small class="b-hint">${escapeHtml(field.hint)}</small>` : "";
  return `<div class="b-form-field"><label><span class="b-form-label">${escapeHtml(field.label)}</span>${control}</label>${hint}<div class="b-error" data-error-for="${escapeHtml(field.id)}"></div></div>`;
}

/** A form as an HTML form; the playground page posts it to /api/playground/form. */
export function renderForm(form: FormSpec): string {
  const state = form.state !== undefined ? ` data-state="${escapeHtml(form.state)}"` : "";
  const intro = form.intro ? `<div class="b-form-intro">${multiline(form.intro)}</div>` : "";
  const fields = form.fields.map(renderFormField).join("");
  // The last error slot holds errors about no field in particular. The submit button is not a ".b-button":
  // the page treats those as action buttons.
  return `<form class="b-form" data-form-id="${escapeHtml(form.formId)}"${state}><div class="b-form-title">${escapeHtml(form.title)}</div>${intro}${fields}<div class="b-error" data-error-for=""></div><button type="submit" class="b-submit">${escapeHtml(form.submitLabel)}</button></form>`;
}

export function renderHtml(message: OutgoingMessage): string {
  const files = (message.files ?? [])
    .map(
      (f) => `<div class="b-file">📎 ${escapeHtml(f.name)} (${f.content.byteLength.toLocaleString("en")} bytes)</div>`,
    )
    .join("");
  return `<div class="msg${message.ephemeral ? " ephemeral" : ""}">${message.blocks.map(renderBlock).join("")}${files}${message.form ? renderForm(message.form) : ""}</div>`;
}
