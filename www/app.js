// The aster playground: chat through this gateway (OpenAI-compatible API, gateway token) or
// straight from the browser with your own key. Both go through the aster npm package (served
// beside this page in ./pkg/), so what you see is its chunk stream: text, reasoning, tool
// calls, usage with cost, finish.
//
// Model output is only ever inserted as text (textContent), never as HTML.

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "aster.gatewayToken";

let aster = null; // the package, once loaded
let conversation = []; // Anthropic-shaped messages of this chat
let controller = null; // the AbortController of the turn in flight

// ---- the gateway token: from the URL fragment (npm run dev prints it), kept in this tab ------

function readToken() {
  const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    // Out of the address bar: not bookmarked, not shared in a screenshot.
    dropTokenFromUrl();
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

function dropTokenFromUrl() {
  window.history.replaceState(null, "", location.pathname + location.search);
}

// ---- settings --------------------------------------------------------------------------------

function mode() {
  return document.querySelector("input[name=mode]:checked").value;
}

function showMode() {
  $("gateway-settings").hidden = mode() !== "gateway";
  $("direct-settings").hidden = mode() !== "direct";
}

async function loadModels() {
  const status = $("gateway-status");
  const token = $("token").value.trim();
  if (!token) {
    status.textContent = "Enter the gateway token (npm run dev prints a link with it).";
    status.className = "hint warn";
    return;
  }
  status.textContent = "Loading models…";
  status.className = "hint";
  try {
    const res = await fetch("/v1/models", { headers: { authorization: `Bearer ${token}` } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
    const select = $("model");
    const keep = select.value;
    select.replaceChildren();
    const groups = new Map();
    for (const m of body.data ?? []) {
      const owner = m.owned_by ?? "other";
      if (!groups.has(owner)) {
        const g = document.createElement("optgroup");
        g.label = owner;
        groups.set(owner, g);
        select.append(g);
      }
      groups.get(owner).append(new Option(m.id, m.id));
    }
    select.value = [...select.options].some((o) => o.value === keep) ? keep : "mock/echo";
    const providers = [...groups.keys()].filter((k) => k !== "aster-gateway");
    status.textContent = `${body.data.length} models · ${providers.join(", ")}`;
    status.className = "hint ok";
  } catch (err) {
    status.textContent = `Could not list models: ${err.message}`;
    status.className = "hint warn";
  }
}

async function loadAster() {
  if (!aster) aster = await import("./pkg/browser.js");
  return aster;
}

/** The aster client for the current settings. */
async function makeClient() {
  const { Client } = await loadAster();
  if (mode() === "gateway") {
    const token = $("token").value.trim();
    if (!token) throw new Error("Enter the gateway token first.");
    // The gateway speaks the OpenAI API: aster's `openai` provider pointed at it. The token is
    // this page's own gateway's, so opting in to a key in the browser is expected here.
    return new Client(
      { type: "openai", baseUrl: `${location.origin}/v1`, apiKey: token, model: $("model").value },
      { dangerouslyAllowBrowser: true },
    );
  }
  const type = $("direct-provider").value;
  const config = { type };
  const model = $("direct-model").value.trim();
  const key = $("direct-key").value.trim();
  const base = $("direct-base").value.trim();
  if (model) config.model = model;
  if (base) config.baseUrl = base;
  if (type !== "mock") {
    if (!key) throw new Error("Enter your API key for a direct call.");
    if (!$("direct-consent").checked) {
      throw new Error("Tick the box to allow your key in this page (dangerouslyAllowBrowser).");
    }
    config.apiKey = key;
  }
  return new Client(config, { dangerouslyAllowBrowser: $("direct-consent").checked });
}

const WEATHER_TOOL = {
  name: "get_weather",
  description: "The current weather in a city",
  input_schema: {
    type: "object",
    properties: { location: { type: "string", description: "City name" } },
    required: ["location"],
  },
};

function requestOptions(signal) {
  const req = { messages: conversation, signal, maxTokens: Number($("max-tokens").value) || 1024 };
  const system = $("system").value.trim();
  if (system) req.system = system;
  if ($("reasoning").value) req.reasoning = { effort: $("reasoning").value };
  if ($("tools").checked) req.tools = [WEATHER_TOOL];
  return req;
}

// ---- rendering -------------------------------------------------------------------------------

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function addUserMessage(text) {
  $("empty")?.remove();
  const m = el("div", "msg user");
  m.append(el("div", "role", "You"), el("div", "text", text));
  $("messages").append(m);
  scroll();
}

/** The view of one assistant turn, filled as chunks arrive. */
function newTurn(label) {
  const m = el("div", "msg assistant streaming");
  const role = el("div", "role", label);
  const reasoning = el("details", "reasoning");
  reasoning.hidden = true;
  const summary = el("summary", "", "Reasoning");
  const reasoningText = el("div", "reasoning-text");
  reasoning.append(summary, reasoningText);
  const text = el("div", "text");
  const tools = el("div", "tools");
  const meta = el("div", "meta");
  m.append(role, reasoning, text, tools, meta);
  $("messages").append(m);
  scroll();
  return { m, role, reasoning, reasoningText, text, tools, meta, cards: new Map(), started: performance.now() };
}

function scroll() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

function formatCost(c) {
  if (c === null || c === undefined) return "cost unknown";
  if (c === 0) return "$0";
  return c < 0.01 ? `$${c.toFixed(6)}` : `$${c.toFixed(4)}`;
}

function showUsage(turn, u, finish) {
  const parts = [`${u.inputTokens} in`, `${u.outputTokens} out`];
  if (u.reasoningTokens) parts.push(`${u.reasoningTokens} reasoning`);
  if (u.cacheReadTokens) parts.push(`${u.cacheReadTokens} cached`);
  parts.push(formatCost(u.totalCost));
  if (u.estimated) parts.push("estimated");
  const secs = ((performance.now() - turn.started) / 1000).toFixed(1);
  parts.push(`${secs} s`);
  if (finish) parts.push(finish);
  turn.meta.replaceChildren(el("span", "usage", parts.join(" · ")));
}

function showError(turn, err) {
  const box = el("div", "error");
  const code = err.code ? ` [${err.code}${err.status ? ` ${err.status}` : ""}]` : "";
  box.append(el("strong", "", "Error" + code + ": "), document.createTextNode(err.message ?? String(err)));
  turn.m.append(box);
}

// ---- one turn --------------------------------------------------------------------------------

function setBusy(busy) {
  $("send").hidden = busy;
  $("stop").hidden = !busy;
  $("input").disabled = busy;
}

async function runTurn() {
  const label = mode() === "gateway" ? $("model").value : `${$("direct-provider").value} (direct)`;
  const turn = newTurn(label);
  controller = new AbortController();
  setBusy(true);
  const blocks = []; // the assistant message, Anthropic-shaped
  let usage = null;
  let finish = null;
  try {
    const client = await makeClient();
    const stream = client.stream(requestOptions(controller.signal));
    for await (const chunk of stream) {
      onChunk(turn, chunk, blocks);
      if (chunk.type === "usage") usage = chunk;
      if (chunk.type === "finish") finish = chunk.reason;
      if (usage) showUsage(turn, usage, finish);
    }
    client.free?.();
  } catch (err) {
    if (controller.signal.aborted) {
      turn.meta.prepend(el("span", "stopped", "stopped · "));
      if (!usage) turn.meta.append(el("span", "usage", "no usage (stopped before the end)"));
    } else {
      showError(turn, err);
    }
  } finally {
    turn.m.classList.remove("streaming");
    controller = null;
    setBusy(false);
  }
  if (blocks.length) conversation.push({ role: "assistant", content: blocks });
  // A finished tool call: answer it with demo data and let the model continue.
  const calls = blocks.filter((b) => b.type === "tool_use");
  if (finish === "tool_calls" && calls.length) {
    conversation.push({
      role: "user",
      content: calls.map((c) => ({
        type: "tool_result",
        tool_use_id: c.id,
        content: JSON.stringify({ location: c.input?.location ?? "?", temperature_c: 18, conditions: "partly cloudy" }),
      })),
    });
    addToolResultNote(calls);
    await runTurn();
  }
}

function addToolResultNote(calls) {
  const m = el("div", "msg tool");
  m.append(el("div", "role", "Tool"), el("div", "text", `get_weather answered with demo data for ${calls.length} call(s).`));
  $("messages").append(m);
}

function lastBlock(blocks, type) {
  const b = blocks[blocks.length - 1];
  if (b && b.type === type) return b;
  const nb = type === "text" ? { type, text: "" } : { type, thinking: "" };
  blocks.push(nb);
  return nb;
}

function onChunk(turn, chunk, blocks) {
  switch (chunk.type) {
    case "metadata":
      // The model that answered, when it says more than the name asked for.
      if (chunk.model && chunk.model !== turn.role.textContent) turn.role.textContent += ` → ${chunk.model}`;
      break;
    case "text":
      turn.text.textContent += chunk.text;
      lastBlock(blocks, "text").text += chunk.text;
      break;
    case "reasoning": {
      turn.reasoning.hidden = false;
      turn.reasoningText.textContent += chunk.reasoning;
      const b = lastBlock(blocks, "thinking");
      b.thinking += chunk.reasoning;
      if (chunk.signature) b.signature = chunk.signature;
      break;
    }
    case "tool_call_start": {
      const card = el("div", "tool-call");
      const args = el("pre", "args");
      card.append(el("div", "tool-name", `🔧 ${chunk.name}`), args);
      turn.tools.append(card);
      turn.cards.set(chunk.index, args);
      break;
    }
    case "tool_call_delta":
      turn.cards.get(chunk.index)?.append(chunk.argumentsDelta);
      break;
    case "tool_call": {
      const args = turn.cards.get(chunk.index);
      if (args) args.textContent = JSON.stringify(chunk.input ?? chunk.arguments, null, 2);
      blocks.push({ type: "tool_use", id: chunk.id, name: chunk.name, input: chunk.input ?? {} });
      break;
    }
    default:
      break;
  }
  scroll();
}

// ---- wiring ----------------------------------------------------------------------------------

function init() {
  $("token").value = readToken();
  $("token").addEventListener("change", () => {
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    loadModels();
  });
  $("token-show").addEventListener("click", () => {
    const t = $("token");
    t.type = t.type === "password" ? "text" : "password";
    $("token-show").textContent = t.type === "password" ? "show" : "hide";
  });
  $("refresh").addEventListener("click", loadModels);
  for (const r of document.querySelectorAll("input[name=mode]")) r.addEventListener("change", showMode);
  $("clear").addEventListener("click", () => {
    controller?.abort();
    conversation = [];
    $("messages").replaceChildren();
  });
  $("stop").addEventListener("click", () => controller?.abort());
  $("input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("composer").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("input").value.trim();
    if (!text || controller) return;
    $("input").value = "";
    conversation.push({ role: "user", content: text });
    addUserMessage(text);
    await runTurn();
    $("input").focus();
  });
  showMode();
  loadModels();
  // Load the package early, so the first message does not wait for the wasm.
  loadAster().catch((err) => {
    $("gateway-status").textContent = `The aster package did not load: ${err.message}`;
    $("gateway-status").className = "hint warn";
  });
}

init();
