// The dashboard page: reads everything from /_localstack/dashboard/api (same-origin, no libraries).
"use strict";

const API = "api/";
const $ = (selector) => document.querySelector(selector);

// ---- small helpers ----
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function scopeParams(extra) {
  const params = new URLSearchParams({ account: $("#account").value.trim(), region: $("#region").value.trim() });
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  return params;
}

function resourceUrl(service, action, extra) {
  return `${API}resources/${service}/${action}?${scopeParams(extra)}`;
}

async function call(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error || {};
    throw new Error(`${error.code || response.status}: ${error.message || response.statusText}`);
  }
  return body;
}

function toast(message, kind) {
  const box = $("#toast");
  box.textContent = message;
  box.className = kind || "";
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 5000);
}

function when(value) {
  if (value === undefined || value === null || value === "") return "";
  const date = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

function table(columns, rows, onRow, id) {
  const body = el("tbody", {}, rows.map((row) => {
    const tr = el("tr", { class: onRow ? "link" : null }, columns.map(([, get]) => el("td", {}, get(row))));
    if (onRow) tr.addEventListener("click", () => onRow(row));
    return tr;
  }));
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: columns.length, class: "muted" }, "none")));
  return el("table", { class: "grid", id }, el("thead", {}, el("tr", {}, columns.map(([label]) => el("th", {}, label)))), body);
}

const json = (value) => JSON.stringify(value, null, 2);

// ---- resources ----
let current = { service: "s3", path: [] };
const panel = () => $("#panel");

function crumbs(service, path) {
  const links = [el("a", { onclick: () => show(service, []) }, service)];
  path.forEach((part, index) => {
    links.push(" / ", el("a", { onclick: () => show(service, path.slice(0, index + 1)) }, part.label));
  });
  return el("div", { class: "crumbs" }, links, "  ", el("button", { class: "action secondary", id: "refresh", onclick: () => show(service, path) }, "Refresh"));
}

async function show(service, path) {
  current = { service, path };
  document.querySelectorAll("#services button").forEach((b) => b.classList.toggle("active", b.dataset.service === service));
  try {
    const content = await VIEWS[service](path);
    if (current.service !== service || current.path !== path) return; // a newer view was asked for meanwhile
    panel().replaceChildren(crumbs(service, path), content);
  } catch (error) {
    panel().replaceChildren(crumbs(service, path), el("p", { class: "muted" }, String(error.message)));
  }
}

const open = (service, path, part) => show(service, [...path, part]);

const VIEWS = {
  async s3(path) {
    if (!path.length) {
      const buckets = await call(resourceUrl("s3", "buckets"));
      return table([["bucket", (b) => b.Name], ["created", (b) => when(b.CreationDate)]], buckets,
        (b) => open("s3", path, { label: b.Name, bucket: b.Name }), "s3-buckets");
    }
    const bucket = path[0].bucket;
    const prefix = path[0].prefix || "";
    const listing = await call(resourceUrl("s3", "objects", prefix ? { bucket, prefix } : { bucket }));
    const filter = el("input", { id: "prefix", placeholder: "key prefix", value: prefix, size: 20,
      onchange: (event) => show("s3", [{ ...path[0], prefix: event.target.value }]) });
    const download = (o) => el("a", { href: resourceUrl("s3", "download", { bucket, key: o.Key }), download: o.Key.split("/").pop(), class: "download" }, "download");
    const file = el("input", { type: "file", id: "upload-file" });
    const key = el("input", { id: "upload-key", placeholder: "key (default: the file's name)", size: 30 });
    const upload = async () => {
      const chosen = file.files[0];
      if (!chosen) return toast("Choose a file first");
      const name = key.value.trim() || chosen.name;
      await call(resourceUrl("s3", "upload", { bucket, key: name, contentType: chosen.type || "application/octet-stream" }), { method: "POST", body: chosen })
        .then(() => { toast(`Uploaded ${name}`, "info"); show("s3", path); }, (error) => toast(error.message));
    };
    return el("div", {},
      el("div", { class: "form" }, filter, file, key, el("button", { class: "action", id: "upload-button", onclick: upload }, "Upload")),
      table([["key", (o) => o.Key], ["size", (o) => o.Size], ["modified", (o) => when(o.LastModified)], ["", download]], listing.objects, null, "s3-objects"),
      listing.truncated ? el("p", { class: "muted" }, "Only the first 1000 keys are shown: narrow them with a prefix.") : null);
  },

  async sqs(path) {
    if (!path.length) {
      const queues = await call(resourceUrl("sqs", "queues"));
      return table([["queue", (q) => q.Name], ["messages", (q) => q.Messages], ["in flight", (q) => q.InFlight], ["delayed", (q) => q.Delayed]],
        queues, (q) => open("sqs", path, { label: q.Name, url: q.QueueUrl }), "sqs-queues");
    }
    const queueUrl = path[0].url;
    const body = el("textarea", { id: "send-body", placeholder: "message body" });
    const group = el("input", { id: "send-group", placeholder: "MessageGroupId (FIFO queues)", size: 26 });
    const messages = el("div", { id: "messages" });
    const peek = async () => {
      const found = await call(resourceUrl("sqs", "peek", { queueUrl })).catch((error) => toast(error.message));
      if (!found) return;
      messages.replaceChildren(table([["id", (m) => m.MessageId], ["body", (m) => m.Body], ["sent", (m) => when(Number(m.Attributes.SentTimestamp))], ["receives", (m) => m.Attributes.ApproximateReceiveCount]], found, null, "sqs-messages"));
    };
    const send = async () => {
      const extra = group.value.trim() ? { queueUrl, groupId: group.value.trim() } : { queueUrl };
      await call(resourceUrl("sqs", "send", extra), { method: "POST", body: body.value })
        .then((sent) => { toast(`Sent ${sent.MessageId}`, "info"); peek(); }, (error) => toast(error.message));
    };
    const purge = async () => {
      if (!confirm(`Purge every message of ${path[0].label}?`)) return;
      await call(resourceUrl("sqs", "purge", { queueUrl }), { method: "POST" }).then(() => peek(), (error) => toast(error.message));
    };
    peek();
    return el("div", {}, el("p", { class: "muted" }, queueUrl),
      el("div", { class: "form" }, body, group, el("button", { class: "action", id: "send-button", onclick: send }, "Send"),
        el("button", { class: "action secondary", id: "peek-button", onclick: peek }, "Peek"),
        el("button", { class: "action danger", id: "purge-button", onclick: purge }, "Purge")),
      el("h2", {}, "Messages (peeked: they stay in the queue)"), messages);
  },

  async dynamodb(path) {
    if (!path.length) {
      const tables = await call(resourceUrl("dynamodb", "tables"));
      const keys = (t) => t.KeySchema.map((k) => `${k.AttributeName} (${k.KeyType})`).join(", ");
      return table([["table", (t) => t.TableName], ["status", (t) => t.Status], ["items", (t) => t.ItemCount], ["key", keys]],
        tables, (t) => open("dynamodb", path, { label: t.TableName, table: t.TableName, keys: t.KeySchema.map((k) => k.AttributeName) }), "dynamodb-tables");
    }
    const name = path[0].table;
    const items = el("div", { id: "items" });
    const value = el("input", { id: "query-value", placeholder: "partition key value", size: 24 });
    // `more(startKey)` asks for the page after the one shown, with the same scan or query.
    const render = (more) => (page) => {
      // The key attributes first, then every other attribute any item of the page has.
      const columns = [...new Set([...(path[0].keys || []), ...page.items.flatMap((item) => Object.keys(item))])];
      const shown = (attribute) => (attribute === undefined ? "" : JSON.stringify(Object.values(attribute)[0]));
      const next = page.lastKey ? el("button", { class: "action secondary", id: "next-page", onclick: () => more(page.lastKey) }, "Next page") : null;
      items.replaceChildren(el("p", { class: "muted" }, `${page.count} item(s) `, next),
        table(columns.map((c) => [c, (item) => shown(item[c])]), page.items, null, "dynamodb-items"));
    };
    const scan = (startKey) => call(resourceUrl("dynamodb", "scan", startKey ? { table: name, startKey } : { table: name }))
      .then(render(scan), (error) => toast(error.message));
    const query = (startKey) => {
      const extra = { table: name, value: value.value };
      if (startKey) extra.startKey = startKey;
      return call(resourceUrl("dynamodb", "query", extra)).then(render(query), (error) => toast(error.message));
    };
    scan();
    return el("div", {}, el("div", { class: "form" },
      el("button", { class: "action", id: "scan-button", onclick: () => scan() }, "Scan"), value,
      el("button", { class: "action secondary", id: "query-button", onclick: () => query() }, "Query")), items);
  },

  async lambda(path) {
    if (!path.length) {
      const functions = await call(resourceUrl("lambda", "functions"));
      return table([["function", (f) => f.FunctionName], ["runtime", (f) => f.Runtime], ["handler", (f) => f.Handler], ["modified", (f) => when(f.LastModified)]],
        functions, (f) => open("lambda", path, { label: f.FunctionName, fn: f.FunctionName }), "lambda-functions");
    }
    const fn = path[0].fn;
    const logs = el("pre", { id: "lambda-logs" }, "loading…");
    const result = el("pre", { id: "invoke-result" }, "");
    const payload = el("textarea", { id: "invoke-payload" }, "{}");
    const loadLogs = () => call(resourceUrl("lambda", "logs", { function: fn }))
      .then((events) => { logs.textContent = events.map((e) => `${when(e.timestamp)}  ${e.message.trimEnd()}`).join("\n") || "(no log events yet)"; },
        (error) => { logs.textContent = error.message; });
    const invoke = () => call(resourceUrl("lambda", "invoke", { function: fn }), { method: "POST", body: payload.value })
      .then((answer) => { result.textContent = `status ${answer.StatusCode}${answer.FunctionError ? ` (${answer.FunctionError})` : ""}\n${answer.Payload}\n\n${answer.Log}`; loadLogs(); },
        (error) => toast(error.message));
    loadLogs();
    return el("div", {}, el("h2", {}, "Invoke"), el("div", { class: "form" }, payload, el("button", { class: "action", id: "invoke-button", onclick: invoke }, "Invoke")),
      result, el("h2", {}, "Last log events"), logs);
  },

  async stepfunctions(path) {
    if (!path.length) {
      const machines = await call(resourceUrl("stepfunctions", "machines"));
      return table([["state machine", (m) => m.name], ["type", (m) => m.type], ["created", (m) => when(m.creationDate)]],
        machines, (m) => open("stepfunctions", path, { label: m.name, machine: m.stateMachineArn }), "sfn-machines");
    }
    if (path.length === 1) {
      const executions = await call(resourceUrl("stepfunctions", "executions", { machine: path[0].machine }));
      return table([["execution", (e) => e.name], ["status", (e) => e.status], ["started", (e) => when(e.startDate)], ["stopped", (e) => when(e.stopDate)]],
        executions, (e) => open("stepfunctions", path, { label: e.name, execution: e.executionArn }), "sfn-executions");
    }
    const history = await call(resourceUrl("stepfunctions", "history", { execution: path[1].execution }));
    const details = (e) => { const key = Object.keys(e).find((k) => k.endsWith("EventDetails")); return key ? JSON.stringify(e[key]) : ""; };
    return el("div", {}, el("p", {}, `status: ${history.execution.status}`),
      table([["#", (e) => e.id], ["time", (e) => when(e.timestamp)], ["event", (e) => e.type], ["details", details]], history.events, null, "sfn-history"));
  },

  async cloudformation(path) {
    if (!path.length) {
      const stacks = await call(resourceUrl("cloudformation", "stacks"));
      return table([["stack", (s) => s.StackName], ["status", (s) => s.StackStatus], ["created", (s) => when(s.CreationTime)]],
        stacks, (s) => open("cloudformation", path, { label: s.StackName, stack: s.StackId }), "cfn-stacks");
    }
    const stack = path[0].stack;
    const [resources, events] = await Promise.all([call(resourceUrl("cloudformation", "resources", { stack })), call(resourceUrl("cloudformation", "events", { stack }))]);
    return el("div", {}, el("h2", {}, "Resources"),
      table([["logical id", (r) => r.LogicalResourceId], ["type", (r) => r.ResourceType], ["physical id", (r) => r.PhysicalResourceId], ["status", (r) => r.ResourceStatus]], resources, null, "cfn-resources"),
      el("h2", {}, "Events"),
      table([["time", (e) => when(e.Timestamp)], ["logical id", (e) => e.LogicalResourceId], ["status", (e) => e.ResourceStatus], ["reason", (e) => e.ResourceStatusReason || ""]], events, null, "cfn-events"));
  },

  async sns(path) {
    if (!path.length) {
      const topics = await call(resourceUrl("sns", "topics"));
      return table([["topic", (t) => t.Name], ["arn", (t) => t.TopicArn]], topics, (t) => open("sns", path, { label: t.Name, topic: t.TopicArn }), "sns-topics");
    }
    const subscriptions = await call(resourceUrl("sns", "subscriptions", { topic: path[0].topic }));
    return table([["protocol", (s) => s.Protocol], ["endpoint", (s) => s.Endpoint], ["subscription", (s) => s.SubscriptionArn]], subscriptions, null, "sns-subscriptions");
  },

  async logs(path) {
    if (!path.length) {
      const groups = await call(resourceUrl("logs", "groups"));
      return table([["log group", (g) => g.logGroupName], ["created", (g) => when(g.creationTime)], ["stored bytes", (g) => g.storedBytes]],
        groups, (g) => open("logs", path, { label: g.logGroupName, group: g.logGroupName }), "logs-groups");
    }
    const events = await call(resourceUrl("logs", "events", { group: path[0].group }));
    return table([["time", (e) => when(e.timestamp)], ["stream", (e) => e.logStreamName], ["message", (e) => e.message]], events, null, "logs-events");
  },
};

// ---- requests: a live log over server-sent events ----
const MAX_ROWS = 1000;
let errorCount = 0;
let lastCallId = 0;

function matches(row) {
  const words = $("#request-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
  if ($("#errors-only").checked && row.dataset.status < 400) return false;
  if (!$("#show-internal").checked && row.dataset.internal === "true") return false;
  return words.every((word) => row.dataset.text.includes(word));
}

function applyFilter() {
  document.querySelectorAll("#requests tbody tr").forEach((row) => { row.hidden = !matches(row); });
}

function addCall(call_) {
  const failed = call_.status >= 400;
  const row = el("tr", { class: failed ? "link error" : "link" },
    el("td", {}, new Date(call_.time * 1000).toLocaleTimeString()), el("td", {}, call_.service), el("td", {}, call_.operation),
    el("td", {}, call_.status), el("td", {}, call_.ms), el("td", {}, call_.account), el("td", {}, call_.region));
  row.dataset.id = call_.id;
  row.dataset.status = call_.status;
  row.dataset.internal = call_.internal;
  row.dataset.text = [call_.service, call_.operation, call_.status, call_.account, call_.region].join(" ").toLowerCase();
  row.addEventListener("click", () => showCall(call_.id, row));
  row.hidden = !matches(row);
  const body = $("#requests tbody");
  body.prepend(row);
  while (body.rows.length > MAX_ROWS) body.lastElementChild.remove();
  if (failed && !call_.internal) {
    errorCount += 1;
    const badge = $("#error-count");
    badge.textContent = errorCount;
    badge.hidden = false;
  }
  if (!call_.internal) rememberScope(call_.account, call_.region);
}

async function showCall(id, row) {
  document.querySelectorAll("#requests tr.selected").forEach((r) => r.classList.remove("selected"));
  row.classList.add("selected");
  const detail = $("#request-detail");
  try {
    const call_ = await call(`${API}requests/${id}`);
    const headers = (list) => list.map(([name, value]) => `${name}: ${value}`).join("\n");
    detail.className = "detail";
    detail.replaceChildren(
      el("h2", {}, `${call_.service} ${call_.operation} → ${call_.status}`),
      el("h2", {}, "Request"), el("pre", { id: "detail-request" }, `${call_.request.method} ${call_.request.path}\n${headers(call_.request.headers)}\n\n${call_.request.body}`),
      el("h2", {}, "Response"), el("pre", { id: "detail-response" }, `${call_.response.status}\n${headers(call_.response.headers)}\n\n${call_.response.body}`));
  } catch (error) {
    detail.textContent = error.message;
  }
}

function connectStream() {
  const source = new EventSource(`${API}requests/stream?since=${lastCallId}`);
  source.addEventListener("call", (event) => {
    const received = JSON.parse(event.data);
    if (received.id <= lastCallId) return; // already shown
    lastCallId = received.id;
    addCall(received);
  });
  source.addEventListener("reset", () => {
    // The emulator restarted: its log starts over, and so does ours.
    lastCallId = 0;
    errorCount = 0;
    $("#error-count").hidden = true;
    $("#requests tbody").replaceChildren();
  });
  source.onopen = () => { $("#stream-state").textContent = "live"; };
  source.onerror = () => {
    $("#stream-state").textContent = "reconnecting…";
    // The browser retries by itself unless the answer was an error (too many streams): then we do.
    if (source.readyState === EventSource.CLOSED) setTimeout(connectStream, 3000);
  };
}

// ---- health ----
async function showHealth() {
  try {
    const health = await call(`${API}health`);
    $("#health-services tbody").replaceChildren(...health.services.map((s) =>
      el("tr", {}, el("td", {}, s.name), el("td", { class: `state-${s.state}` }, s.state), el("td", {}, s.port))));
    const counts = {};
    health.services.forEach((s) => { counts[s.state] = (counts[s.state] || 0) + 1; });
    $("#health-summary").textContent = `(${Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(", ")}; version ${health.version})`;
    $("#health-config tbody").replaceChildren(...Object.entries(health.config).map(([key, value]) =>
      el("tr", {}, el("td", {}, key), el("td", {}, value))));
  } catch (error) {
    toast(error.message);
  }
}

// ---- scope and tabs ----
const known = { accounts: new Set(), regions: new Set() };

function rememberScope(account, region) {
  for (const [set, list, value] of [[known.accounts, "#accounts", account], [known.regions, "#regions", region]]) {
    if (value && !set.has(value)) { set.add(value); $(list).append(el("option", { value })); }
  }
}

async function loadScopes() {
  const scopes = await call(`${API}scopes`).catch(() => ({ accounts: ["000000000000"], regions: ["us-east-1"] }));
  scopes.accounts.forEach((a) => rememberScope(a, null));
  scopes.regions.forEach((r) => rememberScope(null, r));
  if (!$("#account").value) $("#account").value = scopes.accounts.includes("000000000000") ? "000000000000" : scopes.accounts[0];
  if (!$("#region").value) $("#region").value = scopes.regions.includes("us-east-1") ? "us-east-1" : scopes.regions[0];
}

function showView(name) {
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === name));
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${name}`; });
  if (name === "health") showHealth();
  if (name === "resources") show(current.service, current.path);
  location.hash = name;
}

document.addEventListener("DOMContentLoaded", async () => {
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => showView(b.dataset.view)));
  document.querySelectorAll("#services button").forEach((b) => b.addEventListener("click", () => show(b.dataset.service, [])));
  ["#request-filter", "#errors-only", "#show-internal"].forEach((id) => $(id).addEventListener("input", applyFilter));
  ["#account", "#region"].forEach((id) => $(id).addEventListener("change", () => show(current.service, [])));
  await loadScopes();
  connectStream();
  showView((location.hash || "#resources").slice(1));
  // Top-level lists refresh themselves, so resources made elsewhere appear; forms are left alone.
  setInterval(() => {
    if (!$("#view-resources").hidden && current.path.length === 0 && !document.hidden) show(current.service, []);
  }, 3000);
});
