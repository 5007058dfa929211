// Shared setup of the gateway tests: the replay server (tests/replay/server.mjs) as every
// provider's upstream — each provider on its own scenario path, configured by the operator's
// gateway configuration, never by callers — and a gateway on workerd in front of it.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { startReplay } from "../replay/server.mjs";
import { startGateway, TOKEN } from "./harness.mjs";

export { TOKEN };
/** SageMaker `PayloadPart` frames around TGI's SSE: the JS tests' builder, shared. */
export { payloadParts as payloadPartFrames } from "../js/setup.mjs";

/** Provider keys the gateway holds (Worker secrets); callers never see or send them. */
export const UPSTREAM_KEYS = {
  OPENAI_API_KEY: "sk-test-openai-upstream-key",
  ANTHROPIC_API_KEY: "sk-ant-test-upstream-key",
  GEMINI_API_KEY: "test-gemini-upstream-key",
  MISTRAL_API_KEY: "test-mistral-upstream-key",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};

export function gatewayConfig(replay) {
  const b = (id) => replay.base(id);
  return `
max_body_bytes = 65536
[mock]
delay_ms = 2
chunk_size = 8
[providers.openai]
base_url = "${b("openai")}/v1"
[providers.anthropic]
base_url = "${b("anthropic")}/v1"
[providers.google]
base_url = "${b("google")}/v1beta"
[providers.mistral]
base_url = "${b("mistral")}/v1"
[providers.ollama]
base_url = "${b("ollama")}"
[providers.responses]
type = "openai"
api = "responses"
base_url = "${b("responses")}/v1"
api_key_env = "OPENAI_API_KEY"
[providers.bedrock]
base_url = "${b("bedrock")}"
region = "us-east-1"
[providers.sagemaker_tgi]
base_url = "${b("sagemaker")}"
region = "us-east-1"
[routes]
fast = "openai/gpt-4o-mini"
fallback = ["openai/gpt-4o", "anthropic/claude-sonnet-4-5", "mock/echo"]
[retry]
max_retries = 0
`;
}

/** Starts the replay server and a gateway using it; `stop()` ends both. */
export async function setup() {
  const replay = await startReplay();
  let gw;
  try {
    gw = await startGateway({ config: gatewayConfig(replay), vars: UPSTREAM_KEYS });
  } catch (err) {
    await replay.close();
    throw err;
  }
  return {
    replay,
    gw,
    url: gw.url,
    openai: new OpenAI({ apiKey: TOKEN, baseURL: `${gw.url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: TOKEN, baseURL: gw.url, maxRetries: 0 }),
    async stop() {
      await gw.stop();
      await replay.close();
    },
  };
}

/** The JSON of every `data:` line of an SSE text (`[DONE]` left out). */
export function sseData(text) {
  return text
    .split("\n")
    .filter((l) => l.startsWith("data: ") && l !== "data: [DONE]")
    .map((l) => JSON.parse(l.slice(6)));
}

/** Drains an OpenAI SDK stream into text, reasoning, tool calls, the usage and finish. */
export async function drainOpenAI(stream) {
  const out = { text: "", reasoning: "", tools: {}, usage: null, finish: null, model: null, chunks: 0 };
  for await (const chunk of stream) {
    out.chunks++;
    out.model = chunk.model;
    if (chunk.usage) out.usage = chunk.usage;
    const c = chunk.choices?.[0];
    if (!c) continue;
    if (c.delta?.content) out.text += c.delta.content;
    if (c.delta?.reasoning_content) out.reasoning += c.delta.reasoning_content;
    for (const t of c.delta?.tool_calls ?? []) {
      const slot = (out.tools[t.index] ??= { id: "", name: "", arguments: "" });
      if (t.id) slot.id = t.id;
      if (t.function?.name) slot.name = t.function.name;
      if (t.function?.arguments) slot.arguments += t.function.arguments;
    }
    if (c.finish_reason) out.finish = c.finish_reason;
  }
  return out;
}

