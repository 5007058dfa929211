use crate::error::ErrorKind;
use crate::message::{
    parse_request, ContentBlock, Effort, Reasoning, Request, ResponseFormat, ToolChoice,
};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

fn req(v: Value) -> Request {
    match parse_request(&v) {
        Ok(r) => r,
        Err(e) => panic!("{v}: {e}"),
    }
}

/// The error message of parsing `v`, which must fail as an invalid request.
fn err(v: Value) -> String {
    match parse_request(&v) {
        Ok(r) => panic!("{v} parsed: {r:?}"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::InvalidRequest, "{e}");
            e.message
        }
    }
}

#[test]
fn options_in_both_spellings() {
    let camel = req(json!({
        "messages": [], "model": "m", "maxTokens": 100, "temperature": 0.5, "topP": 0.9, "topK": 40,
        "stopSequences": ["END"], "parallelToolCalls": false, "toolChoice": "required", "seed": 7,
        "responseFormat": {"type": "json_object"}, "providerOptions": {"openai": {"store": true}},
        "reasoning": {"effort": "low", "budgetTokens": 2048}, "user": "u1",
        "signal": {}, "stream": true, "somethingNew": 1
    }));
    let snake = req(json!({
        "messages": [], "model": "m", "max_tokens": 100, "temperature": 0.5, "top_p": 0.9, "top_k": 40,
        "stop_sequences": ["END"], "parallel_tool_calls": false, "tool_choice": {"type": "any"}, "seed": 7.0,
        "response_format": {"type": "json_object"}, "provider_options": {"openai": {"store": true}},
        "reasoning": {"effort": "low", "budget_tokens": 2048}, "metadata": {"user_id": "u1"}
    }));
    assert_eq!(camel, snake);
    assert_eq!(camel.model.as_deref(), Some("m"));
    assert_eq!(camel.max_tokens, Some(100));
    assert_eq!(
        (camel.temperature, camel.top_p, camel.top_k),
        (Some(0.5), Some(0.9), Some(40))
    );
    assert_eq!(camel.stop_sequences, ["END"]);
    assert_eq!(camel.seed, Some(7));
    assert_eq!(camel.parallel_tool_calls, Some(false));
    assert_eq!(camel.tool_choice, Some(ToolChoice::Any));
    assert_eq!(camel.response_format, Some(ResponseFormat::JsonObject));
    assert_eq!(
        camel.provider_options.get("openai"),
        Some(&json!({"store": true}))
    );
    assert_eq!(
        camel.reasoning,
        Some(Reasoning {
            effort: Some(Effort::Low),
            budget_tokens: Some(2048)
        })
    );
    assert_eq!(camel.user.as_deref(), Some("u1"));
    // camelCase wins when both are given; null counts as absent.
    let r = req(json!({"messages": [], "maxTokens": 1, "max_tokens": 2}));
    assert_eq!(r.max_tokens, Some(1));
    let r = req(json!({"messages": [], "maxTokens": null, "max_tokens": 2, "model": null}));
    assert_eq!((r.max_tokens, r.model), (Some(2), None));
    // Numbers that crossed from JS as floats.
    assert_eq!(
        req(json!({"messages": [], "maxTokens": 1024.0})).max_tokens,
        Some(1024)
    );
    assert_eq!(
        req(json!({"messages": [], "temperature": 1})).temperature,
        Some(1.0)
    );
}

#[test]
fn system_prompt() {
    let r = req(json!({"messages": [], "system": "be brief"}));
    assert_eq!(r.system, [ContentBlock::text("be brief")]);
    assert_eq!(req(json!({"messages": [], "system": ""})).system, []);
    let r = req(json!({"messages": [], "system": [
        {"type": "text", "text": "a"},
        {"type": "text", "text": "b", "cache_control": {"type": "ephemeral"}}
    ]}));
    assert_eq!(r.system_text().as_deref(), Some("a\n\nb"));
    assert!(r.system[1].cache_control().is_some());
}

#[test]
fn tools_in_every_accepted_shape() {
    let schema = json!({"type": "object", "properties": {"q": {"type": "string"}}});
    let r = req(json!({"messages": [], "tools": [
        {"name": "a", "description": "d", "input_schema": schema, "cache_control": {"type": "ephemeral"}},
        {"name": "b", "inputSchema": schema},
        {"name": "c", "parameters": schema, "type": "custom"},
        {"type": "function", "function": {"name": "d", "description": "dd", "parameters": schema}},
        {"type": "function", "name": "e", "parameters": schema},
        {"name": "f"}
    ]}));
    let names: Vec<&str> = r.tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e", "f"]);
    assert!(r.tools[..5].iter().all(|t| t.input_schema == schema));
    assert_eq!(
        r.tools[5].input_schema,
        json!({"type": "object", "properties": {}})
    );
    assert_eq!(r.tools[0].description.as_deref(), Some("d"));
    assert_eq!(r.tools[3].description.as_deref(), Some("dd"));
    assert!(r.tools[0].cache_control.is_some());
}

#[test]
fn tool_choice_shapes() {
    let choice = |v: Value| {
        let r = req(json!({"messages": [], "toolChoice": v}));
        (r.tool_choice.unwrap(), r.parallel_tool_calls)
    };
    assert_eq!(choice(json!("auto")), (ToolChoice::Auto, None));
    assert_eq!(choice(json!("any")), (ToolChoice::Any, None));
    assert_eq!(choice(json!("required")), (ToolChoice::Any, None));
    assert_eq!(choice(json!("none")), (ToolChoice::None, None));
    assert_eq!(choice(json!({"type": "auto"})), (ToolChoice::Auto, None));
    assert_eq!(choice(json!({"type": "none"})), (ToolChoice::None, None));
    assert_eq!(
        choice(json!({"type": "any", "disable_parallel_tool_use": true})),
        (ToolChoice::Any, Some(false))
    );
    assert_eq!(
        choice(json!({"type": "auto", "disable_parallel_tool_use": false})),
        (ToolChoice::Auto, Some(true))
    );
    assert_eq!(
        choice(json!({"type": "tool", "name": "get"})),
        (ToolChoice::Tool("get".into()), None)
    );
    assert_eq!(
        choice(json!({"type": "function", "function": {"name": "get"}})),
        (ToolChoice::Tool("get".into()), None)
    );
    assert_eq!(
        choice(json!({"type": "function", "name": "get"})),
        (ToolChoice::Tool("get".into()), None)
    );
    // An explicit parallelToolCalls wins over disable_parallel_tool_use.
    let r = req(
        json!({"messages": [], "tool_choice": {"type": "auto", "disable_parallel_tool_use": true}, "parallelToolCalls": true}),
    );
    assert_eq!(r.parallel_tool_calls, Some(true));
}

#[test]
fn reasoning_and_thinking() {
    let reasoning = |v: Value| req(v).reasoning;
    assert_eq!(
        reasoning(json!({"messages": [], "reasoning": {"effort": "high"}})),
        Some(Reasoning {
            effort: Some(Effort::High),
            budget_tokens: None
        })
    );
    for (e, want) in [("minimal", Effort::Minimal), ("medium", Effort::Medium)] {
        assert_eq!(
            reasoning(json!({"messages": [], "reasoning": {"effort": e}}))
                .unwrap()
                .effort,
            Some(want)
        );
    }
    assert_eq!(
        reasoning(json!({"messages": [], "reasoning": {"budgetTokens": 5000}})),
        Some(Reasoning {
            effort: None,
            budget_tokens: Some(5000)
        })
    );
    assert_eq!(reasoning(json!({"messages": [], "reasoning": {}})), None);
    assert_eq!(
        reasoning(json!({"messages": [], "thinking": {"type": "enabled", "budget_tokens": 3000}})),
        Some(Reasoning {
            effort: None,
            budget_tokens: Some(3000)
        })
    );
    assert_eq!(
        reasoning(json!({"messages": [], "thinking": {"type": "disabled"}})),
        None
    );
    // `reasoning` wins over the wire `thinking`.
    assert_eq!(
        reasoning(
            json!({"messages": [], "reasoning": {"effort": "low"}, "thinking": {"type": "enabled", "budget_tokens": 3000}})
        ),
        Some(Reasoning {
            effort: Some(Effort::Low),
            budget_tokens: None
        })
    );
}

#[test]
fn response_formats() {
    let rf = |v: Value| {
        req(json!({"messages": [], "responseFormat": v}))
            .response_format
            .unwrap()
    };
    let schema = json!({"type": "object"});
    assert_eq!(rf(json!({"type": "text"})), ResponseFormat::Text);
    assert_eq!(
        rf(json!({"type": "json_object"})),
        ResponseFormat::JsonObject
    );
    assert_eq!(
        rf(
            json!({"type": "json_schema", "json_schema": {"name": "n", "schema": schema, "strict": true}})
        ),
        ResponseFormat::JsonSchema {
            name: "n".into(),
            schema: schema.clone(),
            strict: true
        }
    );
    assert_eq!(
        rf(json!({"type": "json_schema", "name": "n", "schema": schema, "strict": true})),
        ResponseFormat::JsonSchema {
            name: "n".into(),
            schema: schema.clone(),
            strict: true
        }
    );
    assert_eq!(
        rf(json!({"type": "json_schema", "schema": schema})),
        ResponseFormat::JsonSchema {
            name: "response".into(),
            schema,
            strict: false
        }
    );
}

#[test]
fn option_errors_name_the_path() {
    let m = |extra: Value| {
        let mut v = json!({"messages": []});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        err(v)
    };
    let cases = [
        (json!({"model": 1}), "model: expected a string, got a number"),
        (json!({"system": 1}), "system: expected a string or an array of text blocks, got a number"),
        (json!({"system": [{"type": "image"}]}), "system[0].type: expected one of \"text\", got \"image\""),
        (json!({"system": [{"type": "text"}]}), "system[0].text: expected a string, but it is missing"),
        (json!({"tools": {}}), "tools: expected an array of tools, got an object"),
        (json!({"tools": [{"description": "x"}]}), "tools[0].name: expected a string, but it is missing"),
        (json!({"tools": [{"name": "a", "input_schema": "{}"}]}), "tools[0].input_schema: expected an object, got a string"),
        (json!({"tools": [{"type": "function", "function": {"parameters": {}}}]}), "tools[0].function.name: expected a string, but it is missing"),
        (json!({"tools": [{"type": "web_search_20250305", "name": "web_search"}]}),
            "tools[0].type: unsupported tool type \"web_search_20250305\": server tools are not supported, declare a custom tool with name, description and input_schema"),
        (json!({"toolChoice": "maybe"}), "toolChoice: expected one of \"auto\", \"any\", \"required\", \"none\", got \"maybe\""),
        (json!({"tool_choice": {"type": "tool"}}), "tool_choice.name: expected a string, but it is missing"),
        (json!({"tool_choice": {"type": "magic"}}), "tool_choice.type: expected one of \"auto\", \"any\", \"none\", \"tool\", \"function\", got \"magic\""),
        (json!({"tool_choice": {"type": "function", "function": {}}}), "tool_choice.function.name: expected a string, but it is missing"),
        (json!({"tool_choice": {"type": "auto", "disable_parallel_tool_use": 1}}), "tool_choice.disable_parallel_tool_use: expected a boolean, got a number"),
        (json!({"toolChoice": 3}), "toolChoice: expected a string or an object, got a number"),
        (json!({"parallelToolCalls": "no"}), "parallelToolCalls: expected a boolean, got a string"),
        (json!({"maxTokens": -1}), "maxTokens: expected a non-negative integer below 2^32, got -1"),
        (json!({"max_tokens": 1.5}), "max_tokens: expected a non-negative integer below 2^32, got 1.5"),
        (json!({"max_tokens": 4294967296u64}), "max_tokens: expected a non-negative integer below 2^32, got 4294967296"),
        (json!({"maxTokens": "100"}), "maxTokens: expected a non-negative integer, got a string"),
        (json!({"temperature": "hot"}), "temperature: expected a number, got a string"),
        (json!({"top_p": true}), "top_p: expected a number, got a boolean"),
        (json!({"topK": 0.5}), "topK: expected a non-negative integer below 2^32, got 0.5"),
        (json!({"stopSequences": "END"}), "stopSequences: expected an array of strings, got a string"),
        (json!({"stop_sequences": ["a", 1]}), "stop_sequences[1]: expected a string, got a number"),
        (json!({"reasoning": "high"}), "reasoning: expected an object, got a string"),
        (json!({"reasoning": {"effort": "xhigh"}}), "reasoning.effort: expected one of \"minimal\", \"low\", \"medium\", \"high\", got \"xhigh\""),
        (json!({"reasoning": {"budget_tokens": -5}}), "reasoning.budget_tokens: expected a non-negative integer below 2^32, got -5"),
        (json!({"thinking": {"type": "enabled"}}), "thinking.budget_tokens: expected a non-negative integer, but it is missing"),
        (json!({"thinking": {"type": "adaptive"}}), "thinking.type: expected one of \"enabled\", \"disabled\", got \"adaptive\""),
        (json!({"thinking": true}), "thinking: expected an object, got a boolean"),
        (json!({"responseFormat": "json"}), "responseFormat: expected an object, got a string"),
        (json!({"responseFormat": {"type": "yaml"}}), "responseFormat.type: expected one of \"text\", \"json_object\", \"json_schema\", got \"yaml\""),
        (json!({"response_format": {"type": "json_schema", "json_schema": {"name": "n"}}}), "response_format.json_schema.schema: expected an object, but it is missing"),
        (json!({"response_format": {"type": "json_schema", "schema": []}}), "response_format.schema: expected an object, got an array"),
        (json!({"response_format": {"type": "json_schema", "schema": {}, "strict": "yes"}}), "response_format.strict: expected a boolean, got a string"),
        (json!({"user": 5}), "user: expected a string, got a number"),
        (json!({"metadata": "x"}), "metadata: expected an object, got a string"),
        (json!({"metadata": {"user_id": 5}}), "metadata.user_id: expected a string, got a number"),
        (json!({"providerOptions": []}), "providerOptions: expected an object, got an array"),
    ];
    for (extra, want) in cases {
        assert_eq!(m(extra.clone()), want, "{extra}");
    }
}
