//! Test-side AWS event-stream helpers: encode frames (for fixtures given as decoded payloads)
//! and read payloads back as `{eventType: payload}` objects for the oracle.

use serde_json::Value;

fn crc(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// Encodes one event frame with string headers.
pub fn encode_frame(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut h = Vec::new();
    for (k, v) in headers {
        h.push(k.len() as u8);
        h.extend_from_slice(k.as_bytes());
        h.push(7);
        h.extend_from_slice(&(v.len() as u16).to_be_bytes());
        h.extend_from_slice(v.as_bytes());
    }
    let total = 12 + h.len() + payload.len() + 4;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&(h.len() as u32).to_be_bytes());
    let pc = crc(&out);
    out.extend_from_slice(&pc.to_be_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(payload);
    let mc = crc(&out);
    out.extend_from_slice(&mc.to_be_bytes());
    out
}

/// Frames for Bedrock ConverseStream payload lines of the form `{"eventType": {...}}`.
pub fn frames_from_payload_lines(events: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for ev in events {
        let Some((kind, body)) = ev.as_object().and_then(|o| o.iter().next()) else {
            continue;
        };
        let payload = serde_json::to_vec(body).expect("serialize payload");
        out.extend(encode_frame(
            &[
                (":event-type", kind),
                (":content-type", "application/json"),
                (":message-type", "event"),
            ],
            &payload,
        ));
    }
    out
}

/// Reads frames naively (the body is trusted test data) and returns `{eventType: payload}`.
pub fn payload_events(body: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 12 <= body.len() {
        let total = u32::from_be_bytes(body[i..i + 4].try_into().expect("4 bytes")) as usize;
        let hlen = u32::from_be_bytes(body[i + 4..i + 8].try_into().expect("4 bytes")) as usize;
        let frame = &body[i..i + total];
        let headers = &frame[12..12 + hlen];
        let payload = &frame[12 + hlen..total - 4];
        let mut kind = String::new();
        let mut j = 0;
        while j < headers.len() {
            let nl = headers[j] as usize;
            let name = String::from_utf8_lossy(&headers[j + 1..j + 1 + nl]).to_string();
            j += 1 + nl;
            let ty = headers[j];
            j += 1;
            match ty {
                7 | 6 => {
                    let l = u16::from_be_bytes([headers[j], headers[j + 1]]) as usize;
                    let v = String::from_utf8_lossy(&headers[j + 2..j + 2 + l]).to_string();
                    if name == ":event-type" || name == ":exception-type" {
                        kind = v;
                    }
                    j += 2 + l;
                }
                0 | 1 => {}
                2 => j += 1,
                3 => j += 2,
                4 => j += 4,
                5 | 8 => j += 8,
                9 => j += 16,
                _ => break,
            }
        }
        if let Ok(v) = serde_json::from_slice::<Value>(payload) {
            let mut m = serde_json::Map::new();
            m.insert(kind, v);
            out.push(Value::Object(m));
        }
        i += total;
    }
    out
}
