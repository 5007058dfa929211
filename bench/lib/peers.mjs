// The contenders of the decoding benchmark. Each `make(stream)` builds its client once (outside
// the timing) and returns `run()`: one whole call through the client's public API, fed the
// recording by a `fetch` that replays it in network-sized pieces, consuming every JS object the
// library produces. `run()` resolves with the number of objects.
import { createParser } from "eventsource-parser";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { importAster, recordingFetch } from "./common.mjs";

const BASE = "http://bench.invalid";
const KEY = "sk-bench-not-a-key";
const PROMPT = "Hello";

async function drain(iterable) {
  let n = 0;
  for await (const _ of iterable) n++;
  return n;
}

async function drainReader(stream) {
  const reader = stream.getReader();
  let n = 0;
  for (;;) {
    const { done } = await reader.read();
    if (done) return n;
    n++;
  }
}

function asterConfig(s) {
  switch (s.format) {
    case "openai-chat":
      return { type: "openai", apiKey: KEY, model: s.model, baseUrl: `${BASE}/v1` };
    case "openai-responses":
      return { type: "openai", api: "responses", apiKey: KEY, model: s.model, baseUrl: `${BASE}/v1` };
    case "anthropic":
      return { type: "anthropic", apiKey: KEY, model: s.model, baseUrl: `${BASE}/v1` };
    case "gemini":
      return { type: "google", apiKey: KEY, model: s.model, baseUrl: `${BASE}/v1beta` };
    case "bedrock-converse":
      return {
        type: "bedrock",
        model: s.model,
        region: "us-east-1",
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: KEY,
        baseUrl: BASE,
      };
    default:
      throw new Error(`aster: no config for ${s.format}`);
  }
}

// The Vercel AI SDK's provider model of a format.
function aiSdkModel(s, fetch) {
  switch (s.format) {
    case "openai-chat":
      return createOpenAI({ apiKey: KEY, baseURL: `${BASE}/v1`, fetch }).chat(s.model);
    case "openai-responses":
      return createOpenAI({ apiKey: KEY, baseURL: `${BASE}/v1`, fetch }).responses(s.model);
    case "anthropic":
      return createAnthropic({ apiKey: KEY, baseURL: `${BASE}/v1`, fetch })(s.model);
    case "gemini":
      return createGoogleGenerativeAI({ apiKey: KEY, baseURL: `${BASE}/v1beta`, fetch })(s.model);
    case "bedrock-converse":
      return createAmazonBedrock({
        region: "us-east-1",
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: KEY,
        baseURL: BASE,
        fetch,
      })(s.model);
    default:
      return null;
  }
}

const SSE = ["openai-chat", "openai-responses", "anthropic", "gemini"];

/** Every contender: `{name, label, formats, make(stream) -> run}`. */
export const PEERS = [
  {
    name: "aster",
    label: "aster (`client.stream`)",
    formats: [...SSE, "bedrock-converse"],
    async make(s) {
      const { Client } = await importAster();
      const client = new Client(asterConfig(s), { fetch: s.fetch, env: {} });
      const request = { messages: [{ role: "user", content: PROMPT }], maxTokens: 1024 };
      return () => drain(client.stream(request));
    },
  },
  {
    name: "esp",
    label: "eventsource-parser + JSON.parse",
    formats: SSE,
    async make(s) {
      return async () => {
        const res = await s.fetch(`${BASE}/stream`, { method: "POST", body: "{}" });
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let n = 0;
        let last;
        const parser = createParser({
          onEvent(ev) {
            if (ev.data === "[DONE]") return;
            last = JSON.parse(ev.data);
            n++;
          },
        });
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
        return last === undefined ? 0 : n;
      };
    },
  },
  {
    name: "openai",
    label: "openai SDK (`stream: true`)",
    formats: ["openai-chat", "openai-responses"],
    async make(s) {
      const client = new OpenAI({ apiKey: KEY, baseURL: `${BASE}/v1`, fetch: s.fetch, maxRetries: 0 });
      if (s.format === "openai-responses") {
        return async () => drain(await client.responses.create({ model: s.model, input: PROMPT, stream: true }));
      }
      return async () =>
        drain(
          await client.chat.completions.create({
            model: s.model,
            messages: [{ role: "user", content: PROMPT }],
            stream: true,
          }),
        );
    },
  },
  {
    name: "anthropic",
    label: "@anthropic-ai/sdk (`stream: true`)",
    formats: ["anthropic"],
    async make(s) {
      const client = new Anthropic({ apiKey: KEY, baseURL: BASE, fetch: s.fetch, maxRetries: 0 });
      return async () =>
        drain(
          await client.messages.create({
            model: s.model,
            max_tokens: 1024,
            messages: [{ role: "user", content: PROMPT }],
            stream: true,
          }),
        );
    },
  },
  {
    name: "aisdk-provider",
    label: "AI SDK provider (`model.doStream`)",
    formats: [...SSE, "bedrock-converse"],
    async make(s) {
      const model = aiSdkModel(s, s.fetch);
      const prompt = [{ role: "user", content: [{ type: "text", text: PROMPT }] }];
      return async () => {
        const { stream } = await model.doStream({ prompt, maxOutputTokens: 1024 });
        return drainReader(stream);
      };
    },
  },
  {
    name: "aisdk-streamtext",
    label: "AI SDK `streamText().fullStream`",
    formats: [...SSE, "bedrock-converse"],
    async make(s) {
      const model = aiSdkModel(s, s.fetch);
      return async () => {
        const result = streamText({ model, prompt: PROMPT, maxRetries: 0, onError() {} });
        return drain(result.fullStream);
      };
    },
  },
];
