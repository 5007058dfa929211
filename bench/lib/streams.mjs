// The recorded streams the decoding benchmark replays (from the corpus, never copied), and the
// 10 MB synthetic one built by repeating a real stream's events.
import fs from "node:fs";
import path from "node:path";
import { corpusDir, pieces, recordingFetch } from "./common.mjs";

/** One real recording per wire format, `rel` to the corpus. */
export const RECORDINGS = [
  {
    name: "openai-chat",
    format: "openai-chat",
    // Together's OpenAI-compatible stream (via the Hugging Face router): 956 content deltas.
    rel: "cassettes/huggingface/test_hf_model_thinking_part_iter/00/body.sse",
    model: "deepseek-ai/DeepSeek-R1",
  },
  {
    name: "anthropic",
    format: "anthropic",
    rel: "cassettes/anthropic/test_anthropic_model_thinking_part_stream/00/body.sse",
    model: "claude-sonnet-4-20250514",
  },
  {
    name: "openai-responses",
    format: "openai-responses",
    rel: "genai/openai_resp/reasoning_summary_capture/response_000.txt",
    model: "gpt-5-mini",
  },
  {
    name: "gemini",
    format: "gemini",
    rel: "cassettes/google/test_google_model_thinking_part_iter/00/body.sse",
    model: "gemini-2.5-pro",
  },
  {
    name: "bedrock-converse",
    format: "bedrock-converse",
    rel: "cassettes/bedrock/test_bedrock_model_thinking_part_stream/00/body.eventstream",
    model: "us.anthropic.claude-sonnet-4-20250514-v1:0",
  },
];

export const PIECE_BYTES = Number(process.env.BENCH_PIECE_BYTES ?? 16384);
const SYNTHETIC_BYTES = 10 * 1024 * 1024;

function contentType(format) {
  return format === "bedrock-converse" ? "application/vnd.amazon.eventstream" : "text/event-stream";
}

/** SSE events of a body: the blocks between blank lines (LF or CRLF), with their separator. */
export function sseEvents(text) {
  return text.split(/(?<=\r?\n\r?\n)/).filter((e) => e.trim() !== "");
}

/** Number of events of a body: SSE events, or AWS event-stream frames. */
export function countEvents(format, bytes) {
  if (format === "bedrock-converse") {
    let n = 0;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let off = 0; off + 4 <= bytes.length; off += view.getUint32(off)) n++;
    return n;
  }
  return sseEvents(new TextDecoder().decode(bytes)).length;
}

function withFetch(s) {
  const parts = pieces(s.bytes, PIECE_BYTES);
  return { ...s, events: countEvents(s.format, s.bytes), fetch: recordingFetch(parts, contentType(s.format)) };
}

/** The recordings, read from the corpus, each with its replaying `fetch`. */
export function loadRecordings() {
  const root = corpusDir();
  return RECORDINGS.map((r) => withFetch({ ...r, file: r.rel, bytes: fs.readFileSync(path.join(root, r.rel)) }));
}

/**
 * ~10 MB of OpenAI chat stream: the recording's first event, its delta events repeated, then
 * its closing events (the finish + usage chunk and `[DONE]`).
 */
export function syntheticChat(bytes, target = SYNTHETIC_BYTES) {
  const events = sseEvents(new TextDecoder().decode(bytes));
  const closing = events.findIndex((e) => /"finish_reason":"[a-z_]+"/.test(e));
  if (closing < 2) throw new Error("synthetic: the recording has no delta events before its finish");
  const head = events[0];
  const body = events.slice(1, closing).join("");
  const tail = events.slice(closing).join("");
  const reps = Math.max(1, Math.floor((target - head.length - tail.length) / body.length));
  return new TextEncoder().encode(head + body.repeat(reps) + tail);
}

export function loadSynthetic(recordings) {
  const chat = recordings.find((r) => r.format === "openai-chat");
  const bytes = syntheticChat(chat.bytes);
  return withFetch({ ...chat, name: "openai-chat ×10 MB (synthetic)", file: `${chat.rel} (events repeated)`, bytes });
}
