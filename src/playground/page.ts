// The playground page: pick a demo member, type commands exactly as in Slack, see replies as chat would show
// them, click their buttons, and run scheduled jobs now. Plain HTML + a little script: nothing to build.
import { escapeHtml } from "../chat/html.js";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;background:#f4f5f7;color:#1d1c1d}
header{background:#3f0e40;color:#fff;padding:10px 18px;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0}header select,header button{font:inherit;padding:4px 8px;border-radius:6px;border:0}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:16px;padding:16px;max-width:1300px;margin:auto}
@media(max-width:900px){main{grid-template-columns:1fr}}
.panel{background:#fff;border-radius:10px;box-shadow:0 1px 3px #0002;display:flex;flex-direction:column;min-height:70vh}
.panel h2{font-size:14px;margin:0;padding:10px 14px;border-bottom:1px solid #eee;color:#616061}
.log{flex:1;overflow:auto;padding:12px 14px;display:flex;flex-direction:column;gap:12px}
.you{align-self:flex-end;background:#e8f5fa;border-radius:8px;padding:6px 10px;font-family:ui-monospace,monospace}
.who{font-size:12px;color:#616061;margin-bottom:2px}
.msg{border-left:3px solid #36c5f0;padding:4px 10px}.msg.ephemeral{border-left-color:#c9c9c9}
.b-header{font-weight:700;font-size:16px;margin:4px 0}.b-section{margin:4px 0;white-space:normal}
.b-context{font-size:12px;color:#616061;margin:4px 0}.b-divider{border:0;border-top:1px solid #eee}
.b-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin:6px 0}.b-label{display:block;font-size:12px;color:#616061}
.b-actions{display:flex;gap:8px;margin:6px 0}.b-button{border:1px solid #bbb;background:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
.b-button.primary{background:#007a5a;color:#fff;border-color:#007a5a}.b-button.danger{color:#e01e5a;border-color:#e01e5a}
.b-image img{max-width:100%;border:1px solid #eee;border-radius:6px}
#form{display:flex;gap:8px;padding:10px;border-top:1px solid #eee}#form input{flex:1;font:inherit;padding:8px;border:1px solid #ccc;border-radius:6px}
#form button{font:inherit;padding:8px 14px;border:0;border-radius:6px;background:#007a5a;color:#fff;cursor:pointer}
.b-form{display:flex;flex-direction:column;gap:8px;margin:8px 0;padding:10px 12px;border:1px solid #ddd;border-radius:8px;background:#fafafa;max-width:520px}
.b-form-title{font-weight:700}.b-form-intro,.b-hint{font-size:12px;color:#616061}.b-form-field label{display:flex;flex-direction:column;gap:2px;font-size:13px;font-weight:600}
.b-form input,.b-form textarea,.b-form select{font:inherit;font-weight:400;padding:6px 8px;border:1px solid #ccc;border-radius:6px;background:#fff}
.b-form textarea{resize:vertical}.b-error{font-size:12px;color:#e01e5a}.b-error:empty{display:none}
.b-submit{align-self:flex-start;font:inherit;padding:6px 14px;border:0;border-radius:6px;background:#007a5a;color:#fff;cursor:pointer}
.b-form.sent{opacity:.6}.b-form.sent .b-submit{cursor:default}
.jobs{display:flex;gap:6px;flex-wrap:wrap;padding:10px 14px;border-bottom:1px solid #eee}.jobs button{font:inherit;font-size:13px;padding:4px 8px;border-radius:6px;border:1px solid #bbb;background:#fff;cursor:pointer}
.to{font-size:12px;font-weight:600;color:#1264a3}.err{color:#e01e5a}.hint{font-size:12px;color:#616061;padding:0 14px 10px}
`;

const SCRIPT = `
const $ = (s) => document.querySelector(s);
const chat = $("#chat"), feed = $("#feed"), who = $("#who"), input = $("#text");
const history = []; let historyAt = 0;
function add(parent, html, cls) { const d = document.createElement("div"); if (cls) d.className = cls; d.innerHTML = html; parent.appendChild(d); parent.scrollTop = parent.scrollHeight; return d; }
function esc(s) { return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]); }
// A form is answered as the member it was opened for (the one who asked, or a DM's recipient), even after switching.
function tagForms(d, as) { for (const f of d.querySelectorAll(".b-form")) f.dataset.as = as; return d; }
function showPosts(posts) { for (const p of posts) { const d = add(feed, '<div class="to">' + esc(p.kind === "dm" ? "DM to " + p.to : p.kind === "update" ? "updated in " + p.to : "in " + p.to) + '</div>' + p.html); if (p.kind === "dm") tagForms(d, p.to.replace(/^@/, "")); } }
function reply(m, as) { return tagForms(add(chat, '<div class="who">Starling</div>' + m.html), as); }
async function call(path, body) {
  const r = await fetch(path, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  const data = await r.json(); if (!r.ok) throw new Error(data.error || r.statusText); return data;
}
async function loadMembers() {
  const { members } = await call("/api/playground/members");
  who.innerHTML = members.map((m) => '<option value="' + esc(m.handle) + '">@' + esc(m.handle) + " · " + esc(m.role) + (m.team ? " · " + esc(m.team) : "") + "</option>").join("");
  if (!members.length) add(chat, '<span class="err">No members yet: start Starling with DEMO_DATA=on.</span>');
}
async function send(text) {
  add(chat, '<div class="who">@' + esc(who.value) + '</div>' + esc(text), "you");
  const as = who.value;
  try { const data = await call("/api/playground/command", { as, text }); for (const m of data.messages) reply(m, as); showPosts(data.posts); }
  catch (e) { add(chat, '<span class="err">' + esc(e.message) + "</span>"); }
}
$("#form").addEventListener("submit", (e) => { e.preventDefault(); const text = input.value.trim(); if (!text) return; history.push(text); historyAt = history.length; input.value = ""; send(text); });
input.addEventListener("keydown", (e) => { if (e.key === "ArrowUp" && historyAt > 0) { input.value = history[--historyAt]; e.preventDefault(); } if (e.key === "ArrowDown" && historyAt < history.length) { input.value = history[++historyAt] ?? ""; e.preventDefault(); } });
document.addEventListener("click", async (e) => {
  const b = e.target.closest(".b-button"); if (b) { const as = who.value; try { const data = await call("/api/playground/action", { as, actionId: b.dataset.actionId, value: b.dataset.value }); for (const m of data.messages) reply(m, as); showPosts(data.posts); } catch (err) { add(chat, '<span class="err">' + esc(err.message) + "</span>"); } return; }
  const j = e.target.closest("[data-job]"); if (j) { try { const data = await call("/api/playground/run", { job: j.dataset.job }); add(feed, '<div class="to">' + esc(data.job) + ": " + esc(data.summary.join("; ") || "nothing to post") + "</div>"); showPosts(data.posts); } catch (err) { add(feed, '<span class="err">' + esc(err.message) + "</span>"); } }
  const ex = e.target.closest("[data-example]"); if (ex) { input.value = ex.dataset.example; input.focus(); }
});
document.addEventListener("submit", async (e) => {
  const f = e.target.closest(".b-form"); if (!f) return; e.preventDefault();
  const values = {}; for (const el of f.elements) if (el.name) values[el.name] = el.value;
  const slots = f.querySelectorAll(".b-error"); for (const s of slots) s.textContent = "";
  const submit = f.querySelector(".b-submit"); submit.disabled = true;
  try {
    const as = f.dataset.as || who.value;
    const data = await call("/api/playground/form", { as, formId: f.dataset.formId, values, state: f.dataset.state });
    if (!data.ok) { for (const [field, text] of Object.entries(data.errors)) { const slot = [...slots].find((s) => s.dataset.errorFor === field) || [...slots].find((s) => s.dataset.errorFor === ""); slot.textContent = text; } submit.disabled = false; return; }
    for (const el of f.elements) el.disabled = true; f.classList.add("sent");
    for (const m of data.messages) reply(m, as); showPosts(data.posts);
  } catch (err) { submit.disabled = false; add(chat, '<span class="err">' + esc(err.message) + "</span>"); }
});
loadMembers().then(() => send("help"));
`;

const EXAMPLES = [
  "/kpi",
  "/kpi help",
  "/log video 3 #lipstick",
  "/kpi board gmv month",
  "/kpi team ID-beauty",
  "/target list",
  "/target set",
  "/standup",
  "/creator pipeline team ID-beauty",
  "/creator followups",
  "/log contact @glowupmaya whatsapp replied",
];

export function playgroundPage(jobs: { name: string; description: string }[]): string {
  const jobButtons = jobs.length
    ? jobs
        .map(
          (j) =>
            `<button data-job="${escapeHtml(j.name)}" title="${escapeHtml(j.description)}">Run ${escapeHtml(j.name)}</button>`,
        )
        .join("")
    : `<span class="hint">Scheduled jobs appear here as they are added.</span>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Starling playground</title><style>${STYLE}</style></head><body>
<header><h1>🐦 Starling playground</h1><label>Acting as <select id="who" aria-label="Demo member"></select></label>
<span>${EXAMPLES.map((e) => `<button data-example="${escapeHtml(e)}">${escapeHtml(e)}</button>`).join(" ")}</span></header>
<main><section class="panel"><h2>Direct message with Starling: type commands exactly as in Slack (English or 中文)</h2>
<div id="chat" class="log" aria-live="polite"></div>
<form id="form"><input id="text" autocomplete="off" placeholder="/kpi   ·   /log video 3   ·   /log 视频 3   ·   help" aria-label="Command"><button>Send</button></form></section>
<section class="panel"><h2>Channels and DMs the bot posted</h2><div class="jobs">${jobButtons}</div><div id="feed" class="log"></div></section></main>
<script>${SCRIPT}</script></body></html>`;
}
