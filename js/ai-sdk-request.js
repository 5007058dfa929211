// The AI SDK's call options (language-model specification v4, `@ai-sdk/provider` 4.x) → an
// aster request (DESIGN §3.1: Anthropic MessageParam messages plus camelCase options).
//
// What aster cannot express becomes a warning (the spec's `SharedV4Warning`), as a setting a
// provider does not support does in aster itself; content aster cannot carry at all (a provider
// file reference, audio) is an `UnsupportedFunctionalityError`, because dropping part of a
// prompt silently would change its meaning.

import { UnsupportedFunctionalityError } from "@ai-sdk/provider";

const unsupported = (feature, details) => ({ type: "unsupported", feature, ...(details ? { details } : {}) });

// `providerOptions.aster` of a part or message, or `{}`.
const asterOf = (providerOptions) => (providerOptions && providerOptions.aster) || {};

// A prompt-cache breakpoint: `providerOptions.aster.cacheControl`, or the Anthropic provider's
// spelling, so prompts written for `@ai-sdk/anthropic` keep their breakpoints.
function withCache(block, providerOptions) {
  const cc = asterOf(providerOptions).cacheControl ?? providerOptions?.anthropic?.cacheControl;
  return cc ? { ...block, cache_control: cc } : block;
}

function base64Of(data) {
  if (typeof data === "string") return data;
  let s = "";
  // In slices: String.fromCharCode(...) has an argument limit.
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode.apply(null, data.subarray(i, i + 0x8000));
  return btoa(s);
}

function textOf(data) {
  if (typeof data !== "string") return new TextDecoder().decode(data);
  return new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
}

// A top-level media type alone (`image`, `image/*`) is completed from the bytes' signature.
function imageType(mediaType, data) {
  if (/^image\/[^*]+$/.test(mediaType)) return mediaType;
  const b = typeof data === "string" ? data.slice(0, 8) : base64Of(data.subarray(0, 6));
  if (b.startsWith("iVBOR")) return "image/png";
  if (b.startsWith("R0lG")) return "image/gif";
  if (b.startsWith("UklG")) return "image/webp";
  return "image/jpeg";
}

// A file part (user content, or a tool result's content) → an image or document block.
function fileBlock(part) {
  const { data, mediaType } = part;
  const kind = mediaType.split("/")[0];
  if (data.type === "reference" || (data.type === "text" && kind === "image")) {
    throw new UnsupportedFunctionalityError({ functionality: `file data of type ${data.type}` });
  }
  if (kind === "image") {
    const source = data.type === "url" ? { type: "url", url: data.originalUrl ?? data.url.href } : { type: "base64", media_type: imageType(mediaType, data.data), data: base64Of(data.data) };
    return withCache({ type: "image", source }, part.providerOptions);
  }
  let source;
  if (data.type === "url") source = { type: "url", url: data.originalUrl ?? data.url.href };
  else if (mediaType === "application/pdf") source = { type: "base64", media_type: mediaType, data: base64Of(data.data) };
  else if (kind === "text") source = { type: "text", media_type: "text/plain", data: data.type === "text" ? data.text : textOf(data.data) };
  else throw new UnsupportedFunctionalityError({ functionality: `file of media type ${mediaType}` });
  return withCache({ type: "document", source, ...(part.filename ? { title: part.filename } : {}) }, part.providerOptions);
}

function toolResultBlock(part) {
  const out = part.output;
  let content;
  let isError = false;
  switch (out.type) {
    case "text":
      content = out.value;
      break;
    case "json":
      content = JSON.stringify(out.value);
      break;
    case "error-text":
      content = out.value;
      isError = true;
      break;
    case "error-json":
      content = JSON.stringify(out.value);
      isError = true;
      break;
    case "execution-denied":
      content = out.reason ?? "Tool execution denied.";
      isError = true;
      break;
    case "content":
      content = out.value.filter((p) => p.type !== "custom").map((p) => (p.type === "text" ? { type: "text", text: p.text } : fileBlock(p)));
      break;
    default:
      throw new UnsupportedFunctionalityError({ functionality: `tool output of type ${out.type}` });
  }
  return withCache({ type: "tool_result", tool_use_id: part.toolCallId, content, ...(isError ? { is_error: true } : {}) }, part.providerOptions);
}

function assistantBlock(part, warnings) {
  const aster = asterOf(part.providerOptions);
  switch (part.type) {
    case "text":
      return withCache({ type: "text", text: part.text }, part.providerOptions);
    case "reasoning": {
      // The signature or redacted data aster reported (`providerMetadata.aster`, which the AI
      // SDK hands back as `providerOptions.aster`), or the Anthropic provider's.
      const redacted = aster.redactedData ?? part.providerOptions?.anthropic?.redactedData;
      if (redacted) return { type: "redacted_thinking", data: redacted };
      const signature = aster.signature ?? part.providerOptions?.anthropic?.signature;
      return { type: "thinking", thinking: part.text, ...(signature ? { signature } : {}) };
    }
    case "tool-call":
      // A tool the provider ran itself only means something to that provider's own history.
      if (part.providerExecuted) break;
      return withCache({ type: "tool_use", id: part.toolCallId, name: part.toolName, input: part.input ?? {} }, part.providerOptions);
    default:
      break;
  }
  warnings.push(unsupported(`assistant ${part.type} part`, "not sent to the model"));
  return null;
}

// The prompt → `{system, messages}`. Consecutive messages of one role are merged (a tool message
// becomes user content, and providers such as Anthropic want the roles to alternate).
function mapPrompt(prompt, warnings) {
  const system = [];
  const messages = [];
  const push = (role, blocks, providerOptions) => {
    if (blocks.length === 0) return;
    // A message-level cache breakpoint goes on its last block, as in `@ai-sdk/anthropic`.
    blocks[blocks.length - 1] = withCache(blocks[blocks.length - 1], providerOptions);
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const m of prompt) {
    switch (m.role) {
      case "system":
        if (messages.length > 0) warnings.push({ type: "compatibility", feature: "system message after the first user message", details: "moved into the system prompt" });
        system.push(withCache({ type: "text", text: m.content }, m.providerOptions));
        break;
      case "user":
        push("user", m.content.map((p) => (p.type === "text" ? withCache({ type: "text", text: p.text }, p.providerOptions) : fileBlock(p))), m.providerOptions);
        break;
      case "assistant":
        push("assistant", m.content.map((p) => assistantBlock(p, warnings)).filter(Boolean), m.providerOptions);
        break;
      case "tool":
        push("user", m.content.filter((p) => p.type === "tool-result").map(toolResultBlock), m.providerOptions);
        break;
      default:
        throw new UnsupportedFunctionalityError({ functionality: `message role ${m.role}` });
    }
  }
  return { system, messages };
}

function mapTools(tools, warnings) {
  const out = [];
  for (const t of tools ?? []) {
    if (t.type === "function") {
      out.push(withCache({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.inputSchema }, t.providerOptions));
    } else {
      warnings.push(unsupported(`provider tool ${t.id}`, "aster sends function tools only"));
    }
  }
  return out;
}

function mapToolChoice(choice) {
  if (!choice) return undefined;
  return choice.type === "tool" ? { type: "tool", name: choice.toolName } : choice.type;
}

function mapResponseFormat(format) {
  if (!format || format.type !== "json") return undefined;
  if (!format.schema) return { type: "json_object" };
  return { type: "json_schema", name: format.name ?? "response", schema: format.schema };
}

const EFFORTS = ["minimal", "low", "medium", "high"];

function mapReasoning(reasoning, warnings) {
  if (!reasoning || reasoning === "provider-default" || reasoning === "none") return undefined;
  if (EFFORTS.includes(reasoning)) return { effort: reasoning };
  warnings.push({ type: "compatibility", feature: `reasoning ${reasoning}`, details: "sent as effort high" });
  return { effort: "high" };
}

/**
 * A warning when a call sets headers: aster sends the provider config's `headers`, not per-call
 * ones. (The AI SDK's own `user-agent` is not a caller's setting.)
 */
export function headerWarnings(headers, warnings) {
  if (Object.entries(headers ?? {}).some(([k, v]) => v !== undefined && k.toLowerCase() !== "user-agent")) {
    warnings.push(unsupported("headers", "per-call headers are not sent; set `headers` in the provider config"));
  }
}

/**
 * The aster request for `options` (the spec's call options). `defaults` are the model's
 * settings (`aster(modelId, settings)`); `providerOptions.aster` is passed through last, so it
 * can set anything aster reads (`reasoning: {budgetTokens}`, `parallelToolCalls`, `user`,
 * `providerOptions: {openai: {...}}` for the wire body). Pushes warnings into `warnings`.
 */
export function toAsterRequest(options, defaults, warnings) {
  const { system, messages } = mapPrompt(options.prompt, warnings);
  const mapped = {
    messages,
    system: system.length > 0 ? system : undefined,
    tools: options.tools && options.tools.length > 0 ? mapTools(options.tools, warnings) : undefined,
    toolChoice: mapToolChoice(options.toolChoice),
    maxTokens: options.maxOutputTokens,
    temperature: options.temperature,
    topP: options.topP,
    topK: options.topK,
    stopSequences: options.stopSequences,
    seed: options.seed,
    responseFormat: mapResponseFormat(options.responseFormat),
    reasoning: mapReasoning(options.reasoning, warnings),
  };
  for (const k of ["presencePenalty", "frequencyPenalty"]) {
    if (options[k] !== undefined) warnings.push(unsupported(k, "aster's request has no such setting; not sent"));
  }
  headerWarnings(options.headers, warnings);
  const request = { ...defaults };
  for (const [k, v] of Object.entries(mapped)) if (v !== undefined) request[k] = v;
  const pass = asterOf(options.providerOptions);
  const providerOptions = { ...defaults?.providerOptions, ...pass.providerOptions };
  Object.assign(request, pass);
  if (Object.keys(providerOptions).length > 0) request.providerOptions = providerOptions;
  return request;
}
