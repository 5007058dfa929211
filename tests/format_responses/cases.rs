//! Concrete values read from the raw data, case by case.

use super::*;

#[test]
fn function_call_stream_then_text_stream() {
    let s = stream_summary("test_openai_responses_stream/00/body.sse");
    assert_eq!(
        s.id.as_deref(),
        Some("resp_67e554a155508191900ee113293c4c830794405d35281ae2")
    );
    assert_eq!(s.model.as_deref(), Some("gpt-4o-2024-08-06"));
    assert_eq!(s.calls[0].id, "call_kL0PCQV7M2WMoVX8V8OtYSAL");
    assert_eq!(
        calls(&s),
        vec![call("get_capital", json!({"country": "France"}))]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (255, 16, 0, 0, 0));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    assert_eq!(s.raw_finish.as_deref(), Some("completed"));

    let s = stream_summary("test_openai_responses_stream/01/body.sse");
    assert_eq!(s.text, "The capital of France is Paris.");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (278, 9, 0, 0, 0));
    assert_eq!(s.finish, Some(FinishReason::Stop));
}

#[test]
fn reasoning_model_stream_keeps_encrypted_reasoning_from_done() {
    let s = stream_summary("test_openai_responses_streaming_usage/00/body.sse");
    assert_eq!(
        calls(&s),
        vec![call("final_result", json!({"result": 6666}))]
    );
    assert_eq!(s.redacted.len(), 1);
    assert!(
        s.redacted[0].starts_with("gAAAAABoyXvxI6jwG5j6"),
        "the done item's value"
    );
    assert_eq!(s.redacted[0].len(), 3896);
    let u = s.usage.unwrap();
    assert_eq!(counts(&u), (53, 469, 0, 0, 448));
    assert!(!u.estimated);
}

#[test]
fn openrouter_raw_reasoning_text_and_reported_cost() {
    let s = stream_summary("test_openai_responses_raw_cot_stream_openrouter/00/body.sse");
    assert_eq!(
        s.reasoning,
        "The user asks: \"What is 2+2?\" They expect a straightforward answer: 4. Just answer 4."
    );
    assert_eq!(s.text, "4");
    assert_eq!(s.id.as_deref(), Some("gen-1764265411-Fu1iEX7h5MRWiL79lb94"));
    let u = s.usage.unwrap();
    assert_eq!(counts(&u), (78, 37, 0, 0, 22));
    assert_eq!(u.total_cost, Some(1.13e-05));
    assert_eq!(s.finish, Some(FinishReason::Stop));
}

#[test]
fn deepseek_reasoning_then_tool_then_answer() {
    let s = stream_summary("test_deepseek_responses_function_tool_stream/00/body.sse");
    assert_eq!(
        s.reasoning,
        "The user asks about temperature in Tokyo. I'll call the tool."
    );
    assert_eq!(s.calls[0].id, "call_00_xjY8Z2BvSlzgEmmw0DtH0464");
    assert_eq!(
        calls(&s),
        vec![call("get_temperature", json!({"city": "Tokyo"}))]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (366, 59, 256, 0, 14));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));

    let s = stream_summary("test_deepseek_responses_function_tool_stream/01/body.sse");
    assert_eq!(s.text, "The current temperature in Tokyo is **21.0°C**.");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (440, 14, 384, 0, 0));
}

#[test]
fn several_calls_keep_their_order_and_ids() {
    let s = stream_summary("multi_tool_ordering/response_000.txt");
    let ids: Vec<&str> = s.calls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["call_weather_001", "call_time_002", "call_currency_003"]
    );
    assert_eq!(
        calls(&s),
        vec![
            call(
                "get_weather",
                json!({"city": "Paris", "country": "France", "unit": "C"})
            ),
            call("get_time", json!({"timezone": "Europe/Paris"})),
            call(
                "get_currency",
                json!({"from": "USD", "to": "EUR", "amount": 100})
            ),
        ]
    );
    assert_eq!(s.redacted, ["fakeEncryptedContent"]);
    assert_eq!(counts(s.usage.as_ref().unwrap()), (150, 80, 0, 0, 10));
}

#[test]
fn completed_without_output_field() {
    let s = stream_summary("tools_completed_no_output_field/response_000.txt");
    assert_eq!(s.calls[0].id, "call_Y1aseRzSQSAMbKJIpnv6l73i");
    assert_eq!(
        calls(&s),
        vec![call(
            "get_weather",
            json!({"city": "Paris", "country": "France", "unit": "C"})
        )]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (82, 26, 0, 0, 0));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
}

#[test]
fn completed_with_empty_output_still_streams_everything() {
    let s = stream_summary("reasoning_stream_completed_empty/response_000.txt");
    assert!(s
        .text
        .starts_with("The sky looks blue because molecules in Earth’s atmosphere"));
    assert!(s.text.ends_with("sending more blue light to our eyes."));
    assert_eq!(s.text.chars().count(), 183);
    // The `added` item carries an older encrypted value; the `done` one is kept.
    assert_eq!(s.redacted.len(), 1);
    assert!(s.redacted[0].starts_with("gAAAAABpyxPGHE6t9AIx"));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (21, 45, 0, 0, 8));
}

#[test]
fn utf8_split_across_reads() {
    let s = stream_summary("utf8_chunking_bug/response_000.txt");
    assert!(s.text.ends_with("AAAA日本語のテスト (UTF-8 test)"));
    assert_eq!(s.text.chars().count(), 7552);
    assert!(!s.text.contains('\u{fffd}'), "no replacement characters");
    assert_eq!(s.usage.as_ref().unwrap().output_tokens, 50);
}

#[test]
fn custom_grammar_tool_input_is_a_json_string() {
    let s = stream_summary("custom_grammar_tool/response_000.txt");
    assert_eq!(s.calls[0].id, "call_dnKaJCb74pLKobQZDVi5yv2U");
    assert_eq!(s.calls[0].name, "apply_patch");
    let patch = s.calls[0]
        .input
        .as_str()
        .expect("input is the free-form text");
    assert!(patch.starts_with("*** Begin Patch\n*** Update File: hello.py\n"));
    assert!(patch.contains("+welcome(\"World\")\n"));
    assert!(patch.ends_with("*** End Patch\n"));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (358, 68, 0, 0, 8));

    let s = stream_summary("openai-custom-tool.1.chunks.txt");
    assert_eq!(
        calls(&s),
        vec![call(
            "write_sql",
            json!("SELECT * FROM users WHERE age > 25")
        )]
    );
    assert_eq!(s.calls[0].id, "call_custom_sql_001");
}

#[test]
fn reasoning_summary_and_copilot_rotating_item_ids() {
    let s = stream_summary("reasoning_summary_capture/response_000.txt");
    assert!(s
        .reasoning
        .starts_with("**Explaining multiplication stepwise**"));
    assert_eq!(s.reasoning.len(), 488);
    assert!(s.text.ends_with("So, \\(47 \\times 23 = 1081\\)."));
    assert_eq!(s.redacted.len(), 1);

    // Every event of the same item carries a new item_id; output_index ties them together.
    let s = stream_summary("github-copilot-id-rotation.1.chunks.txt");
    assert_eq!(s.reasoning, "**Counting character occurrences**");
    assert!(s
        .text
        .starts_with("There are **3** letter **“r”**s in **“strawberry.”**"));
    assert!(s.text.ends_with("at positions **3, 8, and 9**."));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (19, 105, 0, 0, 44));
}

#[test]
fn multi_step_chunk_files_split_into_responses() {
    for (dir, first_id) in [
        (
            "chunks/openai-responses/openai-reasoning-encrypted-content",
            "call_AB6AaRZ1FYZB2RwS6A5vbdqn",
        ),
        (
            "chunks/azure-responses/azure-reasoning-encrypted-content",
            "call_UdvUeOElp5zdU0DKr6IoyhjE",
        ),
    ] {
        let s = stream_summary(&format!("{dir}.1.chunks.txt #1"));
        assert!(s.reasoning.starts_with("**Calculating"), "{dir}");
        assert_eq!(s.redacted.len(), 1, "{dir}");
        assert_eq!(s.calls[0].id, first_id);
        assert_eq!(
            calls(&s),
            vec![call("calculator", json!({"a": 12, "b": 7, "op": "add"}))]
        );
        let s = stream_summary(&format!("{dir}.1.chunks.txt #2"));
        assert_eq!(
            calls(&s),
            vec![call(
                "calculator",
                json!({"a": 19, "b": 3, "op": "multiply"})
            )]
        );
        let s = stream_summary(&format!("{dir}.1.chunks.txt #3"));
        assert_eq!(
            calls(&s),
            vec![call(
                "calculator",
                json!({"a": 57, "b": 10, "op": "multiply"})
            )]
        );
        let s = stream_summary(&format!("{dir}.1.chunks.txt #4"));
        assert_eq!(s.text, "The final result is **570**.");
        assert_eq!(s.finish, Some(FinishReason::Stop));
    }
    let s = stream_summary("openai-reasoning-encrypted-content.1.chunks.txt #4");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (299, 12, 0, 0, 0));
}

#[test]
fn xai_server_side_tools_are_not_caller_calls() {
    let s = stream_summary("xai-x-search-tool.chunks.txt");
    assert!(
        s.calls.is_empty(),
        "x_keyword_search / view_x_video run at xAI"
    );
    assert!(s
        .text
        .starts_with("### Latest Videos and Images from xAI on X"));
    assert_eq!(s.text.chars().count(), 6304);
    assert_eq!(
        counts(s.usage.as_ref().unwrap()),
        (27236, 3077, 4585, 0, 1091)
    );
    assert_eq!(s.finish, Some(FinishReason::Stop));
    // They come out as `provider_tool` chunks, in order, the hosted web searches included.
    assert_eq!(
        s.provider_tools,
        [
            "x_keyword_search",
            "web_search_call",
            "web_search_call",
            "web_search_call",
            "web_search_call",
            "view_x_video"
        ]
        .map(String::from)
    );
    // The same whatever the decoder is told the provider is: the response's own `tools`
    // list (only `x_search`) says no custom tool is the caller's.
    let all = streams();
    let (label, _, body) = all
        .iter()
        .find(|(l, _, _)| l.ends_with("xai-x-search-tool.chunks.txt"))
        .unwrap();
    let as_openai = summarize(&decode_every_way(F, "openai", body, label), label);
    assert!(as_openai.calls.is_empty());
    assert_eq!(as_openai.finish, Some(FinishReason::Stop));
    assert_eq!(as_openai.provider_tools, s.provider_tools);

    let s = stream_summary("xai-text-with-reasoning-streaming-store-false.1.chunks.txt");
    assert!(s
        .reasoning
        .starts_with("First, the question is: \"What is specifically notable"));
    assert_eq!(s.reasoning.len(), 754);
    assert_eq!(s.redacted.len(), 1);
    assert_eq!(s.redacted[0].len(), 1731);
    assert_eq!(counts(s.usage.as_ref().unwrap()), (216, 831, 192, 0, 253));

    let s = stream_summary("xai-image-generation-tool.1.chunks.txt");
    assert_eq!(
        s.text,
        "Here's a serene image of a paper boat sailing on a leaf-covered pond:"
    );
    let cost = s.usage.unwrap().total_cost.unwrap();
    assert!((cost - 123456.0 / 1e10).abs() < 1e-15);
}

#[test]
fn hosted_tools_never_break_the_stream() {
    let s = stream_summary("openai-code-interpreter-tool.1.chunks.txt");
    assert!(s
        .text
        .starts_with("Here’s a simulation of rolling two fair six-sided dice 10,000 times."));
    assert!(s.calls.is_empty());
    assert_eq!(
        counts(s.usage.as_ref().unwrap()),
        (6047, 1623, 2944, 0, 1408)
    );
    // Each hosted run is a `provider_tool` chunk, and the finish stays the response's own.
    assert!(!s.provider_tools.is_empty());
    assert!(s
        .provider_tools
        .iter()
        .all(|n| n == "code_interpreter_call"));
    assert_eq!(s.finish, Some(FinishReason::Stop));

    let s = stream_summary("openai-web-search-tool.1.chunks.txt");
    assert!(s.provider_tools.iter().all(|n| n == "web_search_call"));
    assert!(!s.provider_tools.is_empty() && s.calls.is_empty());
    assert_eq!(
        counts(s.usage.as_ref().unwrap()),
        (31073, 4416, 3712, 0, 3712)
    );
    assert!(s.text.starts_with("I checked today’s tech headlines"));

    let s = stream_summary("openai-shell-tool.1.chunks.txt #1");
    assert!(s.calls.is_empty() && s.text.is_empty());
    assert_eq!(s.finish, Some(FinishReason::Stop));
    let s = stream_summary("openai-shell-tool.1.chunks.txt #2");
    assert!(s
        .text
        .starts_with("Here are the files and folders in your `~/Desktop` directory:"));

    let s = stream_summary("test_openai_responses_code_execution_return_image_stream/00/body.sse");
    assert!(s
        .text
        .ends_with("(sandbox:/mnt/data/y_eq_x_squared_plot.png)"));
    assert_eq!(counts(s.usage.as_ref().unwrap()), (2772, 1166, 0, 0, 896));
}

#[test]
fn azure_and_programmatic_calls() {
    let s = stream_summary("azure-tool-call.1.chunks.txt");
    assert_eq!(s.calls[0].id, "call_H5DxLSFnsGhiROnUiDHmgyc8");
    assert_eq!(
        calls(&s),
        vec![call("weather", json!({"location": "San Francisco"}))]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (45, 24, 0, 0, 0));
    let s = stream_summary("azure-text.1.chunks.txt");
    assert_eq!(s.text, "Hello");

    let s = stream_summary("programmatic-tool-calling.1.chunks.txt");
    assert_eq!(
        calls(&s),
        vec![call("getInventory", json!({"sku": "sku_123"}))]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (631, 87, 0, 0, 37));
}

#[test]
fn resumed_background_stream_and_logprobs() {
    // Resumed with starting_after=0: no response.created, metadata comes from queued.
    let s = stream_summary("test_background_mode_streaming_starting_after_vcr/01/body.sse");
    assert_eq!(
        s.id.as_deref(),
        Some("resp_0850765c843cca5300699cc47d93c0819089a181f5feeff8eb")
    );
    assert_eq!(s.text, "2 + 2 equals 4.");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (15, 9, 0, 0, 0));

    let s =
        stream_summary("test_openai_instructions_with_responses_logprobs_streaming/00/body.sse");
    assert_eq!(s.text, "The capital of Minas Gerais is Belo Horizonte.");
    assert_eq!(counts(s.usage.as_ref().unwrap()), (25, 10, 0, 0, 0));
}

#[test]
fn commentary_phase_then_call() {
    let s = stream_summary("test_openai_responses_phase_streamed_on_part_start/00/body.sse");
    assert_eq!(
        s.text,
        "I’ll check the capital lookup tool for “PotatoLand.”"
    );
    assert_eq!(
        calls(&s),
        vec![call("get_capital", json!({"country": "PotatoLand"}))]
    );
    assert_eq!(s.redacted.len(), 1);
    assert_eq!(counts(s.usage.as_ref().unwrap()), (63, 69, 0, 0, 26));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
}

#[test]
fn abbreviated_fixture_text_completed_from_done_events() {
    // Only the first deltas of each message survive in the fixture; the done events carry the
    // whole text, and it extends what was streamed.
    let s = stream_summary("openai-phase.1.chunks.txt");
    assert!(s
        .text
        .starts_with("Got it — I’ll quickly check reliable, up-to-date sources"));
    assert!(s
        .text
        .contains("with links.Here are a few **AI headlines for today"));
    assert!(s
        .text
        .ends_with("investor-grade morning brief with timestamps."));
}

#[test]
fn in_band_error_event() {
    let all = streams();
    let (label, provider, body) = all
        .iter()
        .find(|(l, ..)| l.ends_with("openai-error.1.chunks.txt"))
        .unwrap();
    let d = decode_every_way(F, provider, body, label);
    let e = d.error.clone().unwrap();
    assert_eq!(e.kind, ErrorKind::RateLimitError);
    assert_eq!(e.provider_code.as_deref(), Some("insufficient_quota"));
    assert!(!e.is_retryable(), "an exhausted quota is not retried");
    assert!(e.message.starts_with("You exceeded your current quota"));
    // Nothing was emitted but metadata: no usage, no finish.
    assert_eq!(d.chunks.len(), 1);
}

#[test]
fn truncated_stream_is_a_network_error_after_the_output() {
    let all = streams();
    let (_, provider, body) = all
        .iter()
        .find(|(l, ..)| l.ends_with("test_openai_responses_stream/01/body.sse"))
        .unwrap();
    let text = String::from_utf8(body.clone()).unwrap();
    let cut = text.find("event: response.completed").unwrap();
    let d = aster::decode::decode_stream(F, provider, &body[..cut], 5);
    let e = d.error.clone().expect("cut stream fails");
    assert_eq!(e.kind, ErrorKind::NetworkError);
    let s = summarize(&d, "cut");
    assert_eq!(s.text, "The capital of France is Paris.");
    assert!(
        s.usage.unwrap().estimated,
        "usage of a cut stream is estimated"
    );
}

#[test]
fn parallel_wrapper_is_unwrapped() {
    let s = body_summary("parallel-tool-call-wrapper.1.json");
    assert_eq!(
        calls(&s),
        vec![
            call("weather", json!({"location": "San Francisco"})),
            call("cityAttractions", json!({"city": "Rome"})),
        ]
    );
    let ids: Vec<&str> = s.calls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["call_parallel_0", "call_parallel_1"]);
    assert_eq!(counts(s.usage.as_ref().unwrap()), (34, 28, 0, 0, 0));

    // The stream fixture's first and last lines are cut mid-object (a decode error, checked
    // in every_stream_decodes_in_every_chunking); its well-formed events unwrap the same way.
    let lines = chunk_lines(pick(
        &corpus_files("chunks/openai-responses", &[".chunks.txt"]),
        "parallel-tool-call-wrapper.1.chunks.txt",
    ));
    let good: Vec<String> = lines
        .into_iter()
        .filter(|l| serde_json::from_str::<Value>(l).is_ok())
        .chain([r#"{"type":"response.completed","response":{"status":"completed"}}"#.to_string()])
        .collect();
    let d = decode_every_way(F, "openai", &to_sse(&good, true, false), "repaired wrapper");
    let s2 = summarize(&d, "repaired wrapper");
    assert_eq!(calls(&s2), calls(&s));
    assert_eq!(s2.finish, Some(FinishReason::ToolCalls));
}

#[test]
fn bodies_concrete() {
    let s = body_summary("test_deepseek_responses_structured_output/00/body.json");
    assert_eq!(
        calls(&s),
        vec![call(
            "final_result",
            json!({"city": "Tokyo", "country": "Japan"})
        )]
    );
    assert_eq!(counts(s.usage.as_ref().unwrap()), (376, 81, 256, 0, 21));
    assert_eq!(s.finish, Some(FinishReason::ToolCalls));
    assert!(!s.reasoning.is_empty());

    // Background mode: the create call returns the queued response.
    let s = body_summary("test_background_mode_reasoning_vcr/00/body.json");
    assert_eq!(s.finish, Some(FinishReason::Other));
    assert_eq!(s.raw_finish.as_deref(), Some("queued"));
    assert!(s.usage.unwrap().estimated);

    let s = body_summary("xai-image-generation-tool.1.json");
    let u = s.usage.unwrap();
    assert_eq!(counts(&u), (100, 50, 20, 0, 30));
    assert!((u.total_cost.unwrap() - 1.23456e-5).abs() < 1e-15);

    let s = body_summary("openai-custom-tool.1.json");
    assert_eq!(s.calls.len(), 1);
    assert!(s.calls[0].input.is_string());

    let s = body_summary("test_openai_responses_model_http_error/00/body.json");
    let e = s.error.unwrap();
    assert_eq!((e.kind, e.status), (ErrorKind::InvalidRequest, Some(400)));
    assert_eq!(e.provider_code.as_deref(), Some("decimal_below_min_value"));

    let s = body_summary("openai-error.1.json");
    assert_eq!(s.error.unwrap().kind, ErrorKind::RateLimitError);
    let s = body_summary("reasoning-model-temperature-error.json");
    assert!(s
        .error
        .unwrap()
        .message
        .contains("'temperature' is not supported"));
}

/// No capture in the corpus ends `incomplete` or refuses; these fixtures follow the API
/// reference's event shapes.
#[test]
fn incomplete_and_refusal_fixtures() {
    let incomplete = |reason: &str| {
        vec![
            r#"{"type":"response.created","response":{"id":"resp_x","model":"gpt-4.1","status":"in_progress"}}"#.to_string(),
            r#"{"type":"response.output_item.added","output_index":0,"item":{"id":"msg_x","type":"message","role":"assistant","content":[]}}"#.to_string(),
            r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Once upon"}"#.to_string(),
            format!(
                r#"{{"type":"response.incomplete","response":{{"id":"resp_x","status":"incomplete","incomplete_details":{{"reason":"{reason}"}},"usage":{{"input_tokens":12,"output_tokens":16,"output_tokens_details":{{"reasoning_tokens":0}},"input_tokens_details":{{"cached_tokens":0}}}}}}}}"#
            ),
        ]
    };
    for (reason, want) in [
        ("max_output_tokens", FinishReason::Length),
        ("content_filter", FinishReason::ContentFilter),
    ] {
        let body = to_sse(&incomplete(reason), true, false);
        let s = summarize(&decode_every_way(F, "openai", &body, reason), reason);
        assert_eq!(s.text, "Once upon");
        assert_eq!(s.finish, Some(want));
        assert_eq!(s.raw_finish.as_deref(), Some(reason));
        assert_eq!(counts(s.usage.as_ref().unwrap()), (12, 16, 0, 0, 0));
    }
    let refusal = [
        r#"{"type":"response.output_item.added","output_index":0,"item":{"id":"msg_r","type":"message","role":"assistant","content":[]}}"#,
        r#"{"type":"response.refusal.delta","output_index":0,"content_index":0,"delta":"I can't help"}"#,
        r#"{"type":"response.refusal.done","output_index":0,"content_index":0,"refusal":"I can't help with that."}"#,
        r#"{"type":"response.completed","response":{"status":"completed"}}"#,
    ]
    .map(String::from);
    let s = summarize(
        &decode_every_way(F, "openai", &to_sse(&refusal, true, false), "refusal"),
        "refusal",
    );
    assert_eq!(s.text, "I can't help with that.");
    assert_eq!(s.finish, Some(FinishReason::ContentFilter));
    assert_eq!(s.raw_finish.as_deref(), Some("refusal"));
}
