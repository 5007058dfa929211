//! Text Generation Inference's native routes, `POST /generate` and `POST /generate_stream`
//! (also what SageMaker endpoints running TGI serve, framed in AWS event-stream
//! `PayloadPart`s: `Framing::EventStreamSse`).
//!
//! TGI's Messages route (`/v1/chat/completions`) is the `openai_chat` format: a TGI endpoint
//! with a chat template should be used through that; this format is for the raw routes.
//!
//! * [`encode`]: `{inputs, parameters: {max_new_tokens, temperature, top_p, top_k, stop,
//!   details: true, do_sample, return_full_text: false}, stream}`. `inputs` is the
//!   conversation rendered to one prompt with a chat template (see [`Template`]); tools, images
//!   and documents cannot be expressed in a prompt string and are warnings.
//! * [`Stream`]: SSE events `data: {"index", "token": {id, text, logprob, special},
//!   "generated_text": null, "details": null}`; special tokens (`</s>`, `<|eot_id|>`) are not
//!   text; the last event carries `generated_text` and `details: {finish_reason: "length" |
//!   "eos_token" | "stop_sequence", generated_tokens, …}`. Errors are `{"error": "...",
//!   "error_type": "..."}` events. A stream without the final `details` event was cut.
//! * [`decode_body`]: `{"generated_text", "details"}` or `[{"generated_text"}]` (the
//!   Inference API / SageMaker list shape).
//! * [`sagemaker_payload`]: the TGI bytes inside SageMaker's event-stream `PayloadPart`
//!   frames, or the error an exception frame reports.
//!
//! Usage: output tokens are `details.generated_tokens`; input tokens come from
//! `details.prompt_tokens` or `details.input_length` (newer TGI), else the length of
//! `details.prefill` (only filled when `decoder_input_details` is requested), else the caller's
//! estimate, and the usage is then marked estimated.

mod request;
mod response;
mod sagemaker;
mod stream;
mod template;

pub use sagemaker::sagemaker_payload;

pub use request::encode;
pub use response::decode_body;
pub use stream::Stream;
pub use template::{render, Template};
