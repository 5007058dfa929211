//! The encoder: every recorded request rebuilt, and the encoding rules.

use super::*;

/// Reads a recorded Gemini request body back into a canonical request, with the settings aster
/// has no canonical option for as `providerOptions.google`.
fn canonical_from_recorded(body: &Value) -> Value {
    let b = body.as_object().unwrap();
    let mut messages: Vec<Value> = Vec::new();
    for c in b["contents"].as_array().unwrap() {
        let role = if c["role"] == "model" {
            "assistant"
        } else {
            "user"
        };
        let mut blocks = Vec::new();
        for p in c["parts"].as_array().unwrap() {
            if let Some(sig) = p["thoughtSignature"].as_str() {
                blocks.push(json!({"type": "thinking", "thinking": "", "signature": sig}));
            }
            if let Some(fc) = p.get("functionCall") {
                blocks.push(json!({"type": "tool_use", "id": fc["id"], "name": fc["name"], "input": fc["args"]}));
            } else if let Some(fr) = p.get("functionResponse") {
                let out = &fr["response"]["return_value"];
                blocks
                    .push(json!({"type": "tool_result", "tool_use_id": fr["id"], "content": out}));
            } else if let Some(t) = p["text"].as_str() {
                blocks.push(json!({"type": "text", "text": t}));
            }
        }
        messages.push(json!({"role": role, "content": blocks}));
    }
    let mut req = json!({"messages": messages});
    let mut opts = serde_json::Map::new();
    for (k, v) in b {
        match k.as_str() {
            "contents" => {}
            "systemInstruction" => {
                let parts: Vec<Value> = v["parts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| json!({"type": "text", "text": p["text"]}))
                    .collect();
                req["system"] = Value::Array(parts);
            }
            "tools" => {
                let decls = v[0]
                    .get("functionDeclarations")
                    .filter(|_| v.as_array().unwrap().len() == 1);
                match decls {
                    Some(d) => {
                        let tools: Vec<Value> = d
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|t| {
                                let schema = t.get("parameters").or(t.get("parameters_json_schema"));
                                json!({"name": t["name"], "description": t["description"], "input_schema": schema})
                            })
                            .collect();
                        req["tools"] = Value::Array(tools);
                    }
                    None => {
                        opts.insert(k.clone(), v.clone());
                    }
                }
            }
            "generationConfig" => {
                let mut rest = serde_json::Map::new();
                for (gk, gv) in v.as_object().unwrap() {
                    match gk.as_str() {
                        "temperature" => req["temperature"] = gv.clone(),
                        "responseJsonSchema" => {
                            req["responseFormat"] =
                                json!({"type": "json_schema", "name": "response", "schema": gv})
                        }
                        "responseMimeType" if gv == "application/json" => {}
                        _ => {
                            rest.insert(gk.clone(), gv.clone());
                        }
                    }
                }
                if !rest.is_empty() {
                    opts.insert(k.clone(), Value::Object(rest));
                }
            }
            _ => {
                opts.insert(k.clone(), v.clone());
            }
        }
    }
    if !opts.is_empty() {
        req["providerOptions"] = json!({"google": opts});
    }
    req
}

/// The equivalence the encoder must meet: an empty `generationConfig` is absent; the role
/// pydantic-ai puts inside `systemInstruction` means nothing; a function's result under
/// `return_value` is the documented `output`; a declaration given as `parameters_json_schema`
/// is the same schema as `parameters` once cleaned (the recorded one only adds
/// `additionalProperties: false`); `type` names compare case-insensitively (`OBJECT`);
/// numbers by value.
fn equivalent(v: &Value) -> Value {
    fn walk(v: &Value, parent: &str) -> Value {
        match v {
            Value::Object(o) => {
                let mut out = serde_json::Map::new();
                for (k, x) in o {
                    let key = match k.as_str() {
                        "return_value" => "output",
                        "parameters_json_schema" => "parameters",
                        other => other,
                    };
                    if (k == "role" && parent == "systemInstruction")
                        || (k == "generationConfig" && x == &json!({}))
                        || (k == "additionalProperties" && x == &json!(false))
                    {
                        continue;
                    }
                    let val = match (k.as_str(), x) {
                        ("type", Value::String(t)) => json!(t.to_lowercase()),
                        _ => walk(x, k),
                    };
                    out.insert(key.to_string(), val);
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, parent)).collect()),
            Value::Number(n) => json!(n.as_f64().unwrap()),
            other => other.clone(),
        }
    }
    walk(v, "")
}

#[test]
fn encoder_rebuilds_every_recorded_request() {
    let requests = corpus_files("cassettes/google", &["request.json"]);
    for p in &requests {
        let label = rel(p);
        let rec: Value = serde_json::from_slice(&read(p)).unwrap();
        let body = &rec["body"];
        let canonical = canonical_from_recorded(body);
        let req = aster::message::parse_request(&canonical)
            .unwrap_or_else(|e| panic!("{label}: {e}: {canonical}"));
        let uri = rec["uri"].as_str().unwrap();
        let model = uri
            .rsplit("/models/")
            .next()
            .unwrap()
            .split(':')
            .next()
            .unwrap();
        let enc = encode_req(req, model);
        assert_eq!(equivalent(&enc.body), equivalent(body), "{label}");
        assert!(enc.warnings.is_empty(), "{label}: {:?}", enc.warnings);
    }
    eprintln!("gemini requests: {} rebuilt", requests.len());
    assert_eq!(requests.len(), 17);
}

#[test]
fn encoder_settings_schema_and_warnings() {
    let req = aster::message::parse_request(&json!({
        "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
        "messages": [
            {"role": "user", "content": [
                {"type": "text", "text": "Look"},
                {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}},
                {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBE"}}
            ]},
            {"role": "user", "content": "and more"},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "c1", "name": "shot", "input": {"w": 1}},
                {"type": "tool_use", "id": "c2", "name": "shot", "input": {"w": 2}}
            ]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "c1", "content": [
                    {"type": "text", "text": "ok"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}}]},
                {"type": "tool_result", "tool_use_id": "c2", "content": "boom", "is_error": true}
            ]}
        ],
        "tools": [{"name": "shot", "description": "Take one", "input_schema": {
            "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "additionalProperties": false, "properties": {"w": {"type": ["integer", "null"]}}}}],
        "toolChoice": {"type": "tool", "name": "shot"},
        "parallelToolCalls": false,
        "maxTokens": 100, "temperature": 0.5, "topP": 0.9, "topK": 40, "stopSequences": ["END"],
        "reasoning": {"effort": "medium"},
        "user": "u-1",
        "providerOptions": {"google": {"safetySettings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}]}}
    }))
    .unwrap();
    let enc = encode_req(req, "gemini-3-pro-preview");
    let b = &enc.body;
    assert_eq!(
        b["systemInstruction"],
        json!({"parts": [{"text": "Be brief."}]})
    );
    let contents = b["contents"].as_array().unwrap();
    assert_eq!(contents.len(), 3, "the two user turns are merged");
    assert_eq!(
        contents[0]["parts"],
        json!([
            {"text": "Look"},
            {"fileData": {"mimeType": "image/png", "fileUri": "https://x.test/a.png"}},
            {"inlineData": {"mimeType": "application/pdf", "data": "JVBE"}},
            {"text": "and more"}
        ])
    );
    // Gemini 3: an unsigned replayed step gets the documented placeholder on its first call.
    assert_eq!(
        contents[1]["parts"][0]["thoughtSignature"],
        "skip_thought_signature_validator"
    );
    assert!(contents[1]["parts"][1].get("thoughtSignature").is_none());
    assert_eq!(
        contents[2]["parts"],
        json!([
            {"functionResponse": {"name": "shot", "id": "c1", "response": {"output": "ok"}}},
            {"inlineData": {"mimeType": "image/png", "data": "AAAA"}},
            {"functionResponse": {"name": "shot", "id": "c2", "response": {"error": "boom"}}}
        ])
    );
    assert_eq!(
        b["tools"][0]["functionDeclarations"][0]["parameters"],
        json!({"type": "object", "properties": {"w": {"type": "integer", "nullable": true}}})
    );
    assert_eq!(
        b["toolConfig"],
        json!({"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["shot"]}})
    );
    assert_eq!(
        b["generationConfig"],
        json!({"maxOutputTokens": 100, "temperature": 0.5, "topP": 0.9, "topK": 40,
               "stopSequences": ["END"],
               "thinkingConfig": {"includeThoughts": true, "thinkingLevel": "high"}})
    );
    assert_eq!(b["safetySettings"][0]["threshold"], "BLOCK_NONE");
    let settings: Vec<&str> = enc.warnings.iter().map(|w| w.setting.as_str()).collect();
    assert_eq!(
        settings,
        ["messages", "parallel_tool_calls", "user", "cache_control"]
    );

    // Gemini 2.5: a budget; structured output with the JSON schema as is.
    let req = aster::message::parse_request(&json!({
        "messages": [{"role": "user", "content": "x"}],
        "reasoning": {"budgetTokens": 2048},
        "responseFormat": {"type": "json_schema", "name": "o", "schema": {"type": "object", "$defs": {}}}
    }))
    .unwrap();
    let enc = encode_req(req, "gemini-2.5-flash");
    assert_eq!(
        enc.body["generationConfig"],
        json!({"responseMimeType": "application/json",
               "responseJsonSchema": {"type": "object", "$defs": {}},
               "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 2048}})
    );
    assert!(enc.warnings.is_empty());
}
