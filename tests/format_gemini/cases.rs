//! Concrete values read from the raw data, case by case.

use super::*;

#[test]
fn text_streams() {
    let s = stream_summary("test_google_model_stream/00/body.sse");
    assert_eq!(s.id.as_deref(), Some("w1peaMz6INOvnvgPgYfPiQY"));
    assert_eq!(s.model.as_deref(), Some("gemini-2.0-flash-exp"));
    assert_eq!(s.text, "The capital of France is Paris.\n");
    // The last report wins, even when it is smaller than an earlier one (15 → 13).
    assert_eq!(counts(s.usage.as_ref().unwrap()), (13, 8, 0, 0, 0));
    assert_eq!(s.finish, Some(FinishReason::Stop));
    assert_eq!(s.raw_finish.as_deref(), Some("STOP"));

    let s = stream_summary("test_google_stream_usage_is_live_mid_stream/00/body.sse");
    let want: String = (1..=30)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(s.text, want);
    assert_eq!(counts(s.usage.as_ref().unwrap()), (18, 115, 0, 0, 35));
}

#[test]
fn function_calls_finish_as_tool_calls() {
    let s = stream_summary("test_google_model_iter_stream/00/body.sse");
    assert_eq!(
        calls(&s),
        vec![call("get_capital", json!({"country": "France"}))]
    );
    assert!(
        s.calls[0].id.starts_with("call_"),
        "no id from Gemini 2.0: one is made"
    );
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    assert_eq!(s.raw_finish.as_deref(), Some("STOP"));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (52, 5, 0, 0, 0));

    let s = stream_summary("builtin_with_functions/response_000.txt");
    assert_eq!(s.calls[0].id, "call_3091305", "Gemini's own id is kept");
    assert_eq!(
        calls(&s),
        vec![call("get_weather", json!({"unit": "C", "city": "Cairo"}))]
    );
    assert_eq!(s.signatures.len(), 1);
    assert_eq!(counts(s.usage.as_ref().unwrap()), (90, 98, 0, 0, 76));
}

#[test]
fn thoughts_and_signatures() {
    let s = stream_summary("test_google_model_thinking_part_iter/00/body.sse");
    assert!(s.reasoning.starts_with("**Clarifying User Goals**"));
    assert_eq!(s.reasoning.chars().count(), 1575);
    assert!(s
        .text
        .starts_with("This is a great question! Safely crossing the street"));
    assert_eq!(s.text.chars().count(), 1938);
    assert_eq!(s.signatures.len(), 1);
    assert!(s.signatures[0].starts_with("CiIB0e2Kb6"));
    // Thoughts are reported apart and added to the output.
    assert_eq!(
        counts(s.usage.as_ref().unwrap()),
        (34, 469 + 787, 0, 0, 787)
    );

    let s = stream_summary("thinking_stream/response_000.txt");
    assert!(s.reasoning.starts_with("**Defining Atmospheric Color**"));
    assert!(s
        .text
        .starts_with("The sky is blue because the Earth's atmosphere"));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (12, 732, 0, 0, 697));
}

#[test]
fn text_then_signed_call_folds_into_replayable_blocks() {
    let all = streams();
    let (label, provider, body) = all
        .iter()
        .find(|(l, ..)| l.ends_with("tool_stream/response_000.txt"))
        .unwrap();
    let d = decode_every_way(F, provider, body, label);
    let s = summarize(&d, label);
    assert_eq!(s.calls[0].id, "u959pftr");
    assert_eq!(
        calls(&s),
        vec![call(
            "get_weather",
            json!({"country": "Egypt", "unit": "C", "city": "Cairo"})
        )]
    );
    assert!(s.reasoning.starts_with("**Defining the Problem**"));
    assert!(s
        .text
        .starts_with("To determine which of these three cities is in Africa"));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (135, 362, 0, 0, 226));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));

    // Folded: thinking, text, then the signature right before the call it came with.
    let mut acc = aster::Accumulator::new();
    acc.extend(&d.chunks);
    let r = acc.finish();
    let kinds: Vec<&str> = r.content.iter().map(|b| b.type_name()).collect();
    assert_eq!(kinds, ["thinking", "text", "thinking", "tool_use"]);
    let aster::ContentBlock::Thinking {
        thinking,
        signature,
    } = &r.content[2]
    else {
        panic!()
    };
    assert!(thinking.is_empty());
    assert!(signature.as_deref().unwrap().starts_with("EpoICpcIAQ"));

    // Replayed, the signature lands on the functionCall part again.
    let req = aster::message::Request {
        messages: vec![
            aster::Message::user("Which city is in Africa? Weather there?"),
            aster::Message {
                role: aster::Role::Assistant,
                content: r.content.clone(),
            },
        ],
        ..Default::default()
    };
    let enc = encode_req(req, "gemini-3.1-pro-preview");
    let parts = enc.body["contents"][1]["parts"].as_array().unwrap().clone();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0]["thought"], true);
    assert!(parts[1].get("thoughtSignature").is_none());
    assert_eq!(parts[2]["functionCall"]["name"], "get_weather");
    assert_eq!(parts[2]["functionCall"]["id"], "u959pftr");
    assert_eq!(
        parts[2]["thoughtSignature"],
        json!(signature.as_deref().unwrap())
    );
    assert!(enc.warnings.is_empty(), "{:?}", enc.warnings);
}

#[test]
fn grounding_and_server_tools_never_break_the_stream() {
    let s = stream_summary("test_google_model_file_search_grounding_gemini_3_True/03/body.sse");
    assert!(s.text.starts_with("The capital of France is **Paris**."));
    assert!(
        s.calls.is_empty(),
        "server-side toolCall/toolResponse parts are not calls"
    );
    // toolUsePromptTokenCount (771) is prompt: 427 + 771; output 122 + 447 thoughts.
    assert_eq!(counts(s.usage.as_ref().unwrap()), (1198, 569, 0, 0, 447));
    assert_eq!(s.finish, Some(FinishReason::Stop));

    let s = stream_summary("test_google_model_file_search_tool_stream/03/body.sse");
    assert_eq!(
        s.text,
        "The capital of France is Paris. The city is well-known for its famous landmarks, including the Eiffel Tower."
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (785, 779, 0, 0, 742));

    let s = stream_summary("test_google_model_web_fetch_tool_stream/00/body.sse");
    assert_eq!(s.text, "Pydantic AI Gateway is now available!");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (4642, 62, 0, 0, 37));

    let s = stream_summary("url_context_stream/response_000.txt");
    assert!(s.text.ends_with("the borrow checker on nightly\"."));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (5914, 209, 0, 0, 158));
}

#[test]
fn streamed_function_call_arguments_are_rebuilt() {
    let s = stream_summary("google-stream-tool-call-arguments.chunks.txt");
    assert_eq!(
        calls(&s),
        vec![
            call("getWeather", json!({"location": "Boston"})),
            call("getWeather", json!({"location": "San Francisco"})),
        ]
    );
    assert_eq!(
        s.signatures.len(),
        1,
        "only the first of parallel calls is signed"
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (26, 155, 0, 0, 132));

    let s = stream_summary("google-stream-no-args-tool-call.chunks.txt");
    assert!(s.reasoning.starts_with("**Processing User Requests**"));
    assert_eq!(
        calls(&s),
        vec![
            call("read_theme", json!({})),
            call("read_screen", json!({"id": "A"})),
            call("read_screen", json!({"id": "B"})),
            call("read_screen", json!({"id": "C"})),
        ]
    );
    let ids: std::collections::BTreeSet<&str> = s.calls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "every call gets its own id");

    let s = stream_summary(
        "google-stream-tool-call-array-arguments-missing-terminal-function-call.chunks.txt",
    );
    assert_eq!(
        calls(&s),
        vec![call(
            "writeItems",
            json!({"operations": [
                {"action": "add", "description": "Fresh red apple", "itemid": "apple_001", "price": 0.5},
                {"action": "add", "description": "Ripe yellow banana", "itemid": "banana_001", "price": 0.3}
            ]})
        )]
    );
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));

    let s = stream_summary("google-vertex-stream-tool-call-arguments-nested.1.chunks.txt");
    assert_eq!(s.calls.len(), 1);
    let recipe = &s.calls[0].input["recipe"];
    assert_eq!(recipe["name"], "Lasagna");
    assert_eq!(recipe["ingredients"].as_array().unwrap().len(), 10);
    assert_eq!(
        recipe["ingredients"][9],
        json!({"amount": "1/2 tsp", "name": "Pepper"})
    );
    let steps = recipe["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 10);
    assert_eq!(steps[0], "Preheat oven to 375°F (190°C).");
    assert_eq!(
        steps[1],
        "Cook lasagna noodles according to package directions, drain and set aside."
    );
    assert_eq!(
        steps[4],
        "In a 9x13 baking dish, spread a thin layer of meat sauce."
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (31, 1710, 0, 0, 1026));
}

#[test]
fn gemini3_signature_only_closing_chunk() {
    let s = stream_summary("google-text.chunks.txt");
    assert_eq!(
        s.text,
        "There are **3** \"r\"s in strawberry.\n\nst**r**awbe**rr**y"
    );
    assert_eq!(s.signatures.len(), 1);
    assert!(s.reasoning.is_empty());
    assert_eq!(counts(s.usage.as_ref().unwrap()), (9, 208, 0, 0, 185));

    let s = stream_summary("google-tool-call-gemini3.chunks.txt");
    assert_eq!(
        calls(&s),
        vec![call("weather", json!({"location": "San Francisco"}))]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (29, 819, 0, 0, 804));

    let s = stream_summary("test_google_vertex_service_tier_flex_stream/00/body.sse");
    assert_eq!(s.text, "OK");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (5, 101, 0, 0, 100));
}

#[test]
fn bodies_concrete() {
    let s = summarize(&body_decoded("google-tool-call-gemini3.json"), "body");
    assert_eq!(
        calls(&s),
        vec![call("weather", json!({"location": "San Francisco"}))]
    );
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (29, 1816, 0, 0, 1801));
    assert_eq!(s.signatures.len(), 1);

    let s = summarize(
        &body_decoded("test_google_discriminated_union_native_output/00/body.json"),
        "body",
    );
    let v: Value = serde_json::from_str(&s.text).unwrap();
    assert_eq!(v, json!({"pet": {"pet_type": "cat", "meow_volume": 5}}));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (14, 197, 0, 0, 181));

    let s = summarize(
        &body_decoded("test_google_extra_headers/00/body.json"),
        "body",
    );
    assert_eq!(s.text, "Hello there! How can I help you today?\n");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (2, 11, 0, 0, 0));
}

#[test]
fn arrays_blocks_errors_and_cuts() {
    // streamGenerateContent without alt=sse returns a JSON array of chunks.
    let all = streams();
    let (_, _, body) = all
        .iter()
        .find(|(l, ..)| l.ends_with("test_google_model_stream/00/body.sse"))
        .unwrap();
    let array = Value::Array(chunks_of(body));
    let d = decode_whole(
        F,
        "google",
        serde_json::to_string(&array).unwrap().as_bytes(),
    );
    let whole = summarize(&d, "array body");
    let streamed = stream_summary("test_google_model_stream/00/body.sse");
    assert_eq!(whole.text, streamed.text);
    assert_eq!(whole.usage, streamed.usage);

    // A prompt blocked before generation.
    let blocked = json!({"promptFeedback": {"blockReason": "SAFETY"},
        "usageMetadata": {"promptTokenCount": 7, "totalTokenCount": 7}, "modelVersion": "gemini-2.5-flash"});
    let sse = format!("data: {blocked}\r\n\r\n");
    let s = summarize(
        &decode_every_way(F, "google", sse.as_bytes(), "blocked"),
        "blocked",
    );
    assert_eq!(s.finish, Some(FinishReason::ContentFilter));
    assert_eq!(s.raw_finish.as_deref(), Some("SAFETY"));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (7, 0, 0, 0, 0));

    // An error object inside a 200 stream.
    let err = json!({"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}});
    let text = String::from_utf8_lossy(body).to_string();
    let second = text[5..].find("data:").unwrap() + 5;
    let sse = format!("{}data: {err}\r\n\r\n", &text[..second]);
    let d = decode_every_way(F, "google", sse.as_bytes(), "in-band error");
    let e = d.error.unwrap();
    assert_eq!(e.kind, ErrorKind::Overloaded, "{e}");

    // Cut before the finishReason.
    let cut = text.rfind("data:").unwrap();
    let d = decode_every_way(F, "google", &body[..cut], "cut");
    assert_eq!(d.error.unwrap().kind, ErrorKind::NetworkError);
    let s = summarize(
        &aster::decode::decode_stream(F, "google", &body[..cut], 0),
        "cut",
    );
    assert_eq!(s.text, "The capital of France");
    assert!(s.usage.unwrap().estimated);

    // MALFORMED_FUNCTION_CALL is a finish, not a thrown error.
    let bad = json!({"candidates": [{"content": {"parts": [], "role": "model"}, "finishReason": "MALFORMED_FUNCTION_CALL"}]});
    let s = summarize(
        &decode_whole(F, "google", bad.to_string().as_bytes()),
        "malformed",
    );
    assert_eq!(s.finish, Some(FinishReason::Error));
    assert_eq!(s.raw_finish.as_deref(), Some("MALFORMED_FUNCTION_CALL"));
}
