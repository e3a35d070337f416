// The dashboard's own graphql-transport-ws client: about a hundred lines, no build step, nothing
// loaded from elsewhere (the gateway vendors nothing and must work where CDNs are blocked).
// Protocol: https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
"use strict";

const FIELDS = "id kanaal resource resourceUrl actie aanmaakdatum hoofdObject zaak { identificatie omschrijving }";
const QUERIES = {
  notificaties: `subscription Dashboard($after: ID) {\n  notificaties(after: $after) { ${FIELDS} }\n}`,
  mijnZaken: `subscription MijnZaken($after: ID) {\n  mijnZaken(after: $after) { ${FIELDS} }\n}`,
  zaakGewijzigd: `subscription Zaak($zaak: String!, $after: ID) {\n  zaakGewijzigd(zaak: $zaak, after: $after) { ${FIELDS} }\n}`,
};

const $ = (id) => document.getElementById(id);
let socket = null;
let stopped = true;
let lastId = null;
let retry = 0;

function status(text, kind) {
  const el = $("status");
  el.textContent = text;
  el.className = kind || "";
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  row.appendChild(td);
}

function show(event) {
  const row = document.createElement("tr");
  row.className = "new";
  row.dataset.id = event.id;
  cell(row, event.id);
  cell(row, event.kanaal);
  cell(row, event.resource);
  cell(row, event.actie);
  cell(row, event.aanmaakdatum);
  const zaak = event.zaak;
  cell(row, zaak ? `${zaak.identificatie} ${zaak.omschrijving || ""}` : event.hoofdObject);
  $("events").prepend(row);
}

function wsUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/graphql`;
}

function variables() {
  const vars = {};
  const after = lastId || $("after").value.trim();
  if (after) vars.after = after;
  if ($("kind").value === "zaakGewijzigd") vars.zaak = $("zaak").value.trim();
  return vars;
}

function connect() {
  const token = $("token").value.trim().replace(/^Bearer\s+/i, "");
  const query = $("query").value;
  const ws = new WebSocket(wsUrl(), "graphql-transport-ws");
  socket = ws;
  status("Connecting…");
  ws.onopen = () => {
    ws.send(JSON.stringify({ type: "connection_init", payload: token ? { Authorization: `Bearer ${token}` } : {} }));
  };
  ws.onmessage = (message) => {
    const msg = JSON.parse(message.data);
    if (msg.type === "connection_ack") {
      retry = 0;
      ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables: variables() } }));
      status(`Subscribed${lastId ? ` (resuming after ${lastId})` : ""}; waiting for events…`, "live");
    } else if (msg.type === "ping") {
      ws.send(JSON.stringify({ type: "pong" }));
    } else if (msg.type === "next") {
      const payload = msg.payload || {};
      if (payload.errors && payload.errors.length) {
        const error = payload.errors[0];
        const code = (error.extensions || {}).code;
        if (code === "SUBSCRIBER_TOO_SLOW") {
          lastId = error.extensions.after;
          status(`Too slow; resuming after ${lastId}…`, "error");
          return;
        }
        status(`Error: ${error.message}`, "error");
        return;
      }
      const data = payload.data || {};
      const event = data[Object.keys(data)[0]];
      if (event) {
        lastId = event.id;
        show(event);
        status(`Live. Last event: ${event.id}.`, "live");
      }
    } else if (msg.type === "error") {
      stopped = true;
      const errors = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
      status(`Refused: ${errors.map((e) => e.message).join("; ")}`, "error");
      ws.close(1000);
    } else if (msg.type === "complete") {
      if (!stopped) setTimeout(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables: variables() } })), 200);
    }
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    if (stopped) {
      if (event.code !== 1000) status(`Closed (${event.code} ${event.reason || ""}).`, "error");
      setButtons(false);
      return;
    }
    if (event.code === 4403 || event.code === 4401) {
      stopped = true;
      setButtons(false);
      status(`Closed: ${event.reason || "not authorised"} (${event.code}). Paste a new token.`, "error");
      return;
    }
    retry = Math.min(retry + 1, 6);
    const wait = 250 * 2 ** retry;
    status(`Connection lost (${event.code}); reconnecting in ${wait} ms…`, "error");
    setTimeout(() => { if (!stopped) connect(); }, wait);
  };
}

function setButtons(running) {
  $("subscribe").disabled = running;
  $("stop").disabled = !running;
}

$("kind").addEventListener("change", () => { $("query").value = QUERIES[$("kind").value]; });
$("subscribe").addEventListener("click", () => {
  stopped = false;
  lastId = null;
  setButtons(true);
  connect();
});
$("stop").addEventListener("click", () => {
  stopped = true;
  setButtons(false);
  if (socket) {
    socket.send(JSON.stringify({ id: "1", type: "complete" }));
    socket.close(1000);
  }
  status("Stopped.");
});
$("query").value = QUERIES[$("kind").value];
