//! `Client::embed_with`: an embedding request's batches, each sent with the client's error
//! classification and retry, rejoined in order (`crate::embed` does everything but the IO).
//!
//! Retry is per batch and follows DESIGN §3.4 as chat does: nothing of a batch reaches the
//! caller before the whole request succeeded, so every retryable failure of a batch (429 with
//! its `retry-after`, 5xx, a network error, a body cut short) is retried while attempts last.

use super::stream::{
    exchange_if_needed, read_bounded, request_id_of, with_request_id, ERROR_BODY_LIMIT,
};
use super::{glue, scrub, Backend, Endpoint, ResponseBody, Transport};
use crate::embed::{self, Batch, EmbedRequest, EmbedResponse, Joiner, Plan};
use crate::error::{classify, ProviderError, Result};
use alloc::vec::Vec;

/// Largest embedding response body read (2048 vectors of 3072 floats as JSON text is about
/// 130 MB: batches are capped below that by the providers' own limits).
const EMBED_BODY_LIMIT: usize = 256 * 1024 * 1024;

pub(super) async fn run<T: Transport>(
    backend: &Backend,
    transport: &T,
    req: &EmbedRequest,
) -> Result<EmbedResponse> {
    let ep = match backend {
        Backend::Mock(m) => {
            if req.input.is_empty() {
                return Err(ProviderError::invalid_request("input: must not be empty"));
            }
            let model = req.model.as_deref().filter(|m| !m.is_empty());
            return Ok(embed::mock::embed(req, model.unwrap_or(&m.model)));
        }
        Backend::Http(ep) => ep.as_ref(),
    };
    embed_http(ep, transport, req)
        .await
        .map_err(|e| scrub(e, &ep.secrets()))
}

async fn embed_http<T: Transport>(
    ep: &dyn Endpoint,
    transport: &T,
    req: &EmbedRequest,
) -> Result<EmbedResponse> {
    let plan = ep.embed_plan(req)?;
    let retry = ep.retry_config();
    let mut joiner = Joiner::new();
    for (i, range) in plan.batches.iter().enumerate() {
        let texts = req.input.get(range.clone()).unwrap_or(&[]);
        let mut retries = 0;
        let batch = loop {
            match attempt(ep, transport, &plan, req, i, texts).await {
                Ok(b) => break b,
                Err(e) => match glue::retry_delay(&retry, retries, &e, transport.random()) {
                    Some(delay) => {
                        retries += 1;
                        transport.sleep(delay).await?;
                    }
                    None => return Err(e),
                },
            }
        };
        joiner.push(batch, texts);
    }
    Ok(joiner.finish(&plan))
}

/// One attempt at batch `i`.
async fn attempt<T: Transport>(
    ep: &dyn Endpoint,
    transport: &T,
    plan: &Plan,
    req: &EmbedRequest,
    i: usize,
    texts: &[alloc::string::String],
) -> Result<Batch> {
    exchange_if_needed(ep, transport).await?;
    let http = ep.prepare_embed(plan, req, i, transport.now_ms())?;
    let (head, mut body) = transport.send(&http).await?;
    let request_id = request_id_of(&head.headers);
    if !(200..300).contains(&head.status) {
        let bytes = read_bounded(&mut body, ERROR_BODY_LIMIT).await;
        let e = classify(
            head.status,
            &head.headers,
            &bytes,
            ep.provider_name(),
            transport.now_ms(),
        );
        return Err(with_request_id(e, &request_id));
    }
    let mut bytes = Vec::new();
    while let Some(b) = body
        .next()
        .await
        .map_err(|e| with_request_id(e, &request_id))?
    {
        if bytes.len() + b.len() > EMBED_BODY_LIMIT {
            return Err(with_request_id(
                ProviderError::decode("embeddings response body too large")
                    .with_provider(ep.provider_name()),
                &request_id,
            ));
        }
        bytes.extend_from_slice(&b);
    }
    embed::decode(plan, texts, &head.headers, &bytes).map_err(|e| with_request_id(e, &request_id))
}
