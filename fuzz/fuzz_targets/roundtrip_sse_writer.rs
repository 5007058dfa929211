//! Round trip: an arbitrary chunk sequence → the gateway's SSE writers (OpenAI chat and
//! Anthropic) → our own stream decoders → the same text, reasoning, tool calls and finish.
#![no_main]
use aster::chunk::{Chunk, FinishReason, Usage};
use aster::format::{anthropic, openai_chat, StreamDecoder, WireFormat};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Default, PartialEq)]
struct Folded {
    text: String,
    reasoning: String,
    tools: Vec<(String, String, String)>,
    finish: Option<FinishReason>,
}

fn fold(chunks: &[Chunk]) -> Folded {
    let mut f = Folded::default();
    for c in chunks {
        match c {
            Chunk::Text { text } => f.text.push_str(text),
            Chunk::Reasoning { reasoning, .. } => f.reasoning.push_str(reasoning),
            Chunk::ToolCall {
                id,
                name,
                arguments,
                ..
            } => f.tools.push((id.clone(), name.clone(), arguments.clone())),
            Chunk::Finish { reason, .. } => f.finish = Some(*reason),
            _ => {}
        }
    }
    f
}

/// Builds a well-formed chunk sequence from the fuzz input.
fn chunks(data: &[u8]) -> Vec<Chunk> {
    let mut out = vec![Chunk::Metadata {
        id: Some("resp_1".into()),
        model: Some("m".into()),
        provider: "fuzz".into(),
    }];
    let mut i = 0;
    let mut tools = 0u32;
    let take = |i: &mut usize| -> String {
        let len = data.get(*i).map_or(0, |b| *b as usize % 24);
        let start = (*i + 1).min(data.len());
        let end = (start + len).min(data.len());
        *i = end;
        String::from_utf8_lossy(&data[start..end]).into_owned()
    };
    // Text and reasoning first, then tool calls: both APIs order them that way.
    let mut calls = Vec::new();
    while i < data.len() {
        let op = data[i] % 3;
        i += 1;
        let s = take(&mut i);
        match op {
            0 => out.push(Chunk::Text { text: s }),
            1 => out.push(Chunk::Reasoning {
                reasoning: s,
                signature: None,
                redacted: None,
            }),
            _ => calls.push(s),
        }
    }
    for s in calls {
        let index = tools;
        tools += 1;
        let id = format!("call_{index}");
        let name = format!("tool{}", s.len());
        let args = serde_json::json!({ "a": s }).to_string();
        out.push(Chunk::ToolCallStart {
            index,
            id: id.clone(),
            name: name.clone(),
        });
        let mid = args
            .char_indices()
            .map(|(k, _)| k)
            .nth(args.chars().count() / 2)
            .unwrap_or(0);
        for piece in [&args[..mid], &args[mid..]] {
            out.push(Chunk::ToolCallDelta {
                index,
                id: id.clone(),
                arguments_delta: piece.into(),
            });
        }
        out.push(Chunk::ToolCall {
            index,
            id,
            name,
            input: serde_json::from_str(&args).unwrap_or_default(),
            arguments: args,
            error: None,
        });
    }
    out.push(Chunk::Usage(Usage {
        input_tokens: 3,
        output_tokens: 5,
        ..Default::default()
    }));
    let reason = if tools > 0 {
        FinishReason::ToolCalls
    } else if data.len() % 2 == 0 {
        FinishReason::Stop
    } else {
        FinishReason::Length
    };
    out.push(Chunk::Finish {
        reason,
        raw_reason: None,
    });
    out
}

fn decode(format: WireFormat, bytes: &[u8]) -> Vec<Chunk> {
    let mut dec = StreamDecoder::for_format(format, "fuzz");
    let mut out = Vec::new();
    let r = dec
        .feed(bytes, &mut out)
        .and_then(|()| dec.finish(&mut out));
    assert!(
        r.is_ok(),
        "{format:?} decode failed: {r:?}\n{}",
        String::from_utf8_lossy(bytes)
    );
    out
}

fuzz_target!(|data: &[u8]| {
    let input = chunks(data);
    let mut want = fold(&input);
    // Tool ids are the writer's business (Anthropic writes its own `toolu_…`): compare the rest.
    want.tools.iter_mut().for_each(|t| t.0.clear());

    let mut oa = openai_chat::SseWriter::new("", "", 0, true);
    let mut text = String::new();
    for c in &input {
        oa.write(c, &mut text);
    }
    let mut got = fold(&decode(WireFormat::OpenAiChat, text.as_bytes()));
    got.tools.iter_mut().for_each(|t| t.0.clear());
    assert_eq!(want, got, "openai_chat round trip\n{text}");

    let mut an = anthropic::SseWriter::new("m");
    let mut bytes = Vec::new();
    for c in &input {
        an.push(c, &mut bytes);
    }
    let mut got = fold(&decode(WireFormat::Anthropic, &bytes));
    got.tools.iter_mut().for_each(|t| t.0.clear());
    assert_eq!(
        want,
        got,
        "anthropic round trip\n{}",
        String::from_utf8_lossy(&bytes)
    );
});
