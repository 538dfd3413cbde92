// formsift review page: plain JavaScript, no build step. Talks to the /v1 API with the
// reviewer's API key (kept in sessionStorage for this tab only).
"use strict";

const $ = (sel) => document.querySelector(sel);
const LOW_CONFIDENCE = 0.8;
let current = null;      // the claimed record (RecordOut)
let initial = {};        // input name -> value shown when the record was opened
let pageUrls = [];
let tableColumns = null; // template name -> table name -> column names

function key() { return sessionStorage.getItem("formsift-key") || ""; }

async function api(method, path, body) {
  return (await request(method, path, body)).data;
}

// the answer's data and headers (the queue's paging is in its headers)
async function request(method, path, body) {
  const headers = { "X-API-Key": key() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const resp = await fetch(path, { method, headers,
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (resp.status === 204) return { data: null, headers: resp.headers };
  const type = resp.headers.get("content-type") || "";
  const data = type.includes("json") ? await resp.json() : await resp.blob();
  if (!resp.ok) {
    const err = (data && data.error) || { code: String(resp.status), message: resp.statusText };
    throw Object.assign(new Error(err.message), { code: err.code, status: resp.status });
  }
  return { data, headers: resp.headers };
}

// the most queue items the page lists (it pages through the queue up to there)
const MAX_LISTED = 5000;

function say(text) { $("#message").textContent = text || ""; }

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function show(value) {
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

// ------------------------------------------------------------------ queue
async function loadQueue() {
  const body = $("#queue tbody");
  body.replaceChildren();
  if (!key()) { say("Enter your API key."); return; }
  try {
    let after = null, listed = 0, total = 0;
    do {
      const query = "limit=1000" + (after ? `&after=${encodeURIComponent(after)}` : "");
      const page = await request("GET", `/v1/review/queue?${query}`);
      total = Number(page.headers.get("X-Total-Count") || page.data.length);
      after = page.headers.get("X-Has-More") === "true" ? page.headers.get("X-Next-After")
                                                        : null;
      for (const item of page.data) {
        const claim = el("button", { type: "button", class: "claim", text: "Claim" });
        claim.addEventListener("click", () => claim_(item.record_id));
        const why = [...(item.reasons || []), ...(item.rules || []).map((r) => `rule ${r}`)];
        if (item.template_served === false) why.push("template no longer served");
        body.append(el("tr", { "data-record": item.record_id },
          el("td", { text: item.source }), el("td", { text: item.template || "(none)" }),
          el("td", { text: why.join(", ") }),
          el("td", { text: new Date(item.created_at).toLocaleString() }), el("td", {}, claim)));
        listed += 1;
      }
    } while (after && listed < MAX_LISTED);
    say(!total ? "Nothing waits for review." :
        listed < total ? `${total} wait for review; the oldest ${listed} are listed.` :
        `${total} wait for review.`);
  } catch (e) { say(e.message); }
}

async function claim_(recordId) {
  try {
    const record = recordId ? await api("POST", `/v1/review/${recordId}/claim`)
                            : await api("POST", "/v1/review/claim");
    if (!record) { say("Nothing waits for review."); return; }
    await open_(record);
  } catch (e) { say(e.message); }
}

// ------------------------------------------------------------------ one record
async function loadColumns() {
  if (tableColumns) return;
  const templates = await api("GET", "/v1/templates");
  tableColumns = Object.fromEntries(templates.map((t) => [t.name, t.tables]));
}

async function open_(record) {
  current = record;
  initial = {};
  await loadColumns();
  $("#review-panel").hidden = false;
  $("#outcome").hidden = true;
  $("#review-title").textContent = `${record.source} (${record.template || "no template"})`;
  setStatus(record.status);
  $("#reasons").replaceChildren(...record.result.reasons.map(
    (r) => el("li", { text: `${r.code}: ${r.message}` })));
  renderFields(record.result);
  await renderPages(record);
  say(`Claimed until ${new Date(record.claim_expires_at).toLocaleTimeString()}.`);
}

function setStatus(status) {
  const s = $("#status");
  s.textContent = status;
  s.className = `status ${status}`;
}

function input(name, value, fv) {
  const box = fv && fv.box ? JSON.stringify({ page: fv.page, box: fv.box }) : "";
  const node = el("input", { name, value: show(value), "data-box": box });
  node.addEventListener("focus", () => highlight(node));
  initial[name] = show(value);
  return node;
}

function renderFields(result) {
  const list = $("#field-list");
  list.replaceChildren();
  for (const [name, fv] of Object.entries(result.fields)) {
    const items = Array.isArray(fv) ? fv : null;
    const value = items ? items.map((x) => x.value) : fv && fv.value;
    const conf = items ? Math.min(1, ...items.map((x) => x.confidence)) : fv ? fv.confidence : 0;
    const row = el("div", { class: "field" + (conf < LOW_CONFIDENCE ? " low" : "") },
      el("label", { for: `f-${name}`, text: name }),
      input(`field:${name}`, value, items ? null : fv),
      el("span", { class: "conf", text: fv ? conf.toFixed(2) : "missing" }));
    row.querySelector("input").id = `f-${name}`;
    if (items) row.querySelector("input").dataset.list = "1";
    list.append(row);
  }
  const tables = $("#tables");
  tables.replaceChildren();
  const declared = (tableColumns && tableColumns[current.template]) || {};
  for (const name of new Set([...Object.keys(declared), ...Object.keys(result.tables)])) {
    const rows = result.tables[name] || [];
    const cols = declared[name] || (rows.length ? Object.keys(rows[0]) : []);
    const table = el("table", { class: "cells", "data-table": name },
      el("thead", {}, el("tr", {}, el("th", { text: "#" }),
        ...cols.map((c) => el("th", { text: c })), el("th"))));
    const body = el("tbody");
    rows.forEach((row, i) => body.append(el("tr", { "data-row": String(i) },
      el("td", { text: String(i + 1) }),
      ...cols.map((c) => el("td", {}, input(`cell:${name}[${i}].${c}`,
                                            row[c] && row[c].value, row[c]))),
      el("td", {}, rowButton("Delete row", toggleDeleted)))));
    const add = el("button", { type: "button", class: "add-row", text: "Add row" });
    add.addEventListener("click", () => body.append(newRow(cols)));
    table.append(body);
    tables.append(el("h3", { text: name }), table, add);
  }
}

function rowButton(text, action) {
  const button = el("button", { type: "button", class: "delete-row", text });
  button.addEventListener("click", () => action(button.closest("tr"), button));
  return button;
}

// An existing row is marked deleted (and can be restored); a new row is just removed.
function toggleDeleted(tr, button) {
  const deleted = tr.classList.toggle("deleted");
  tr.querySelectorAll("input").forEach((node) => { node.disabled = deleted; });
  button.textContent = deleted ? "Undo delete" : "Delete row";
}

function newRow(cols) {
  return el("tr", { class: "new" }, el("td", { text: "+" }),
    ...cols.map((c) => el("td", {}, el("input", { "data-col": c, "aria-label": c }))),
    el("td", {}, rowButton("Delete row", (tr) => tr.remove())));
}

async function renderPages(record) {
  const pages = $("#pages");
  pages.replaceChildren();
  pageUrls.forEach((u) => URL.revokeObjectURL(u));
  pageUrls = [];
  // a document of a split file: its pages are the file's (its values' page numbers too)
  const numbers = record.packet_pages ||
    Array.from({ length: record.result.pages }, (_, i) => i + 1);
  for (const n of numbers) {
    const holder = el("div", { class: "page", "data-page": String(n) });
    pages.append(holder);
    if (!record.document_retained) {
      holder.append(el("div", { class: "missing",
        text: `Page ${n}: the document was not retained (zero retention).` }));
      continue;
    }
    try {
      const blob = await api("GET", `/v1/records/${record.record_id}/pages/${n}`);
      const url = URL.createObjectURL(blob);
      pageUrls.push(url);
      holder.append(el("img", { src: url, alt: `page ${n}` }));
    } catch (e) {
      holder.append(el("div", { class: "missing", text: `Page ${n}: ${e.message}` }));
    }
  }
  drawBoxes(record.result);
}

function drawBoxes(result) {
  const add = (fv) => {
    if (!fv || !fv.box || !fv.page) return;
    const holder = document.querySelector(`.page[data-page="${fv.page}"]`);
    if (!holder) return;
    const [x0, y0, x1, y1] = fv.box;
    const box = el("div", { class: "box" + (fv.confidence < LOW_CONFIDENCE ? " low" : ""),
                            "data-key": JSON.stringify({ page: fv.page, box: fv.box }) });
    Object.assign(box.style, { left: `${x0 * 100}%`, top: `${y0 * 100}%`,
                               width: `${(x1 - x0) * 100}%`, height: `${(y1 - y0) * 100}%` });
    holder.append(box);
  };
  for (const fv of Object.values(result.fields)) (Array.isArray(fv) ? fv : [fv]).forEach(add);
  for (const rows of Object.values(result.tables)) rows.forEach((r) => Object.values(r).forEach(add));
}

function highlight(node) {
  document.querySelectorAll(".box.active").forEach((b) => b.classList.remove("active"));
  if (!node.dataset.box) return;
  const box = [...document.querySelectorAll(".box")].find((b) => b.dataset.key === node.dataset.box);
  if (box) { box.classList.add("active"); box.scrollIntoView({ block: "nearest" }); }
}

// Changed values; deleted rows as "items[2]": null; filled new rows as the cells of the
// rows after the last ("items[4].amount" on a table of 4 rows), as the API takes them.
function corrections() {
  const out = {};
  for (const node of document.querySelectorAll("#fields input[name]")) {
    if (node.value === initial[node.name] || node.closest("tr.deleted")) continue;
    const path = node.name.replace(/^(field|cell):/, "");
    out[path] = node.dataset.list
      ? node.value.split(",").map((s) => s.trim()).filter(Boolean) : node.value;
  }
  for (const table of document.querySelectorAll("table.cells")) {
    const name = table.dataset.table;
    table.querySelectorAll("tr.deleted").forEach((tr) => { out[`${name}[${tr.dataset.row}]`] = null; });
    let next = table.querySelectorAll("tr[data-row]").length;
    for (const tr of table.querySelectorAll("tr.new")) {
      const filled = [...tr.querySelectorAll("input")].filter((node) => node.value.trim());
      if (!filled.length) continue;
      filled.forEach((node) => { out[`${name}[${next}].${node.dataset.col}`] = node.value; });
      next += 1;
    }
  }
  return out;
}

// A correction's value: a cell or field (its value), a whole row (its cells), or none.
function brief(v) {
  if (v === null || v === undefined) return "—";
  if ("value" in v) return show(v.value);
  return Object.values(v).map((cell) => (cell ? show(cell.value) : "")).join(" | ");
}

async function submit(reject) {
  if (!current) return;
  const body = { corrections: reject ? {} : corrections() };
  if (reject) body.reject = $("#reject-reason").value || "rejected by a reviewer";
  try {
    const out = await api("POST", `/v1/review/${current.record_id}/submit`, body);
    setStatus(out.status);
    $("#new-status").textContent = out.status;
    $("#changes").replaceChildren(...out.corrections.map((c) => el("li", {
      text: `${c.field}: ${brief(c.before)} → ${brief(c.after)}` })));
    $("#reasons").replaceChildren(...out.result.reasons.map(
      (r) => el("li", { text: `${r.code}: ${r.message}` })));
    $("#outcome").hidden = false;
    say(out.status === "review" ? "Still in review: see the reasons." : "Saved.");
    current = null;
    await loadQueue();
  } catch (e) { say(e.message); }
}

async function release() {
  if (!current) return;
  try {
    await api("POST", `/v1/review/${current.record_id}/release`);
    current = null;
    $("#review-panel").hidden = true;
    await loadQueue();
  } catch (e) { say(e.message); }
}

// after a template change: the record's document read again with the template as served
async function reextract() {
  if (!current) return;
  try {
    const out = await api("POST", `/v1/review/${current.record_id}/reextract`);
    if (out.status === "review") {
      await open_(await api("POST", `/v1/review/${current.record_id}/claim`));
      say("Read again with the template as it is now.");
    } else {
      current = null;
      $("#review-panel").hidden = true;
      say(`Read again with the template as it is now: ${out.status}.`);
      await loadQueue();
    }
  } catch (e) { say(e.message); }
}

$("#login").addEventListener("submit", (ev) => {
  ev.preventDefault();
  sessionStorage.setItem("formsift-key", $("#api-key").value.trim());
  loadQueue();
});
$("#refresh").addEventListener("click", loadQueue);
$("#claim-next").addEventListener("click", () => claim_(null));
$("#fields").addEventListener("submit", (ev) => { ev.preventDefault(); submit(false); });
$("#reject").addEventListener("click", () => submit(true));
$("#release").addEventListener("click", release);
$("#reextract").addEventListener("click", reextract);
loadQueue();
