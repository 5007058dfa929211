// The README's `useChat` route handler on Workers, as written there (the model name comes from
// the Worker's vars here, so the test runs on the mock).
import { convertToModelMessages, streamText } from "ai";
import { createAster } from "aster/ai-sdk";

export async function chat(request, env) {
  const { messages } = await request.json();
  const aster = createAster({ env }); // provider keys are the Worker's secrets
  const result = streamText({
    model: aster(env.CHAT_MODEL ?? "anthropic/claude-sonnet-4-5"),
    messages: await convertToModelMessages(messages),
    maxRetries: 0, // aster retries (429 with retry-after, 5xx) itself
  });
  return result.toUIMessageStreamResponse({ sendReasoning: true });
}
