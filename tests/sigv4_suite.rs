//! The official AWS SigV4 test suite (aws-c-auth), every case in the corpus: canonical request,
//! string to sign, signature and signed request, for the header variant and, where the case has
//! one, the presigned-query variant.

use crate::common;
use aster::provider::sigv4::{
    presign_query, sign_headers, AwsCredentials, SignableRequest, SigningParams, SigningSettings,
};
use aster::provider::{Secret, Timestamp};
use serde_json::Value;
use std::path::Path;

/// A request as written in `request.txt`, kept raw so the signed request can be rebuilt.
struct RawRequest {
    method: String,
    path: String,
    query: String,
    header_lines: Vec<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse_request(text: &str) -> RawRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h, b),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    let target = rest.rsplit_once(" HTTP/").expect("http version").0;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut header_lines = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        header_lines.push(line.to_string());
        if line.starts_with([' ', '\t']) {
            // An obsolete folded continuation line belongs to the previous header.
            let last = headers.last_mut().expect("continuation after a header");
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (k, v) = line.split_once(':').expect("header colon");
            headers.push((k.to_string(), v.to_string()));
        }
    }
    RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        header_lines,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn read(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(name)).ok()
}

fn credentials(ctx: &Value) -> AwsCredentials {
    let c = &ctx["credentials"];
    AwsCredentials {
        access_key_id: c["access_key_id"].as_str().unwrap().to_string(),
        secret_access_key: Secret::new(c["secret_access_key"].as_str().unwrap()),
        session_token: c["token"].as_str().map(Secret::new),
    }
}

fn signed_request_text(raw: &RawRequest, extra_query: &str, extra_headers: &[String]) -> String {
    let mut target = raw.path.clone();
    let query = match (raw.query.is_empty(), extra_query.is_empty()) {
        (true, _) => extra_query.to_string(),
        (false, true) => raw.query.clone(),
        (false, false) => format!("{}&{}", raw.query, extra_query),
    };
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    let mut out = format!("{} {} HTTP/1.1\n", raw.method, target);
    for l in raw.header_lines.iter().chain(extra_headers) {
        out.push_str(l);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(&raw.body));
    out
}

/// Checks one case; returns the mismatches.
fn check_case(dir: &Path) -> Vec<String> {
    let mut errs = Vec::new();
    let ctx: Value = serde_json::from_str(&read(dir, "context.json").unwrap()).unwrap();
    let raw = parse_request(&read(dir, "request.txt").unwrap());
    let creds = credentials(&ctx);
    let params = SigningParams {
        credentials: &creds,
        region: ctx["region"].as_str().unwrap(),
        service: ctx["service"].as_str().unwrap(),
        time: Timestamp::parse_rfc3339(ctx["timestamp"].as_str().unwrap()).unwrap(),
        settings: SigningSettings {
            normalize_path: ctx["normalize"].as_bool().unwrap_or(true),
            double_encode_path: true,
            content_sha256_header: ctx["sign_body"].as_bool().unwrap_or(false),
            omit_session_token: ctx["omit_session_token"].as_bool().unwrap_or(false),
            expires_in: ctx["expiration_in_seconds"].as_u64().unwrap_or(3600),
        },
    };
    let req = SignableRequest {
        method: &raw.method,
        path: &raw.path,
        query: &raw.query,
        headers: &raw.headers,
        body: &raw.body,
    };

    let mut expect = |name: &str, got: &str| {
        if let Some(want) = read(dir, name) {
            if want.trim_end_matches('\n') != got.trim_end_matches('\n') {
                errs.push(format!("{name}:\n--- want\n{want}\n--- got\n{got}"));
            }
        }
    };

    let h = sign_headers(&req, &params);
    expect("header-canonical-request.txt", &h.canonical_request);
    expect("header-string-to-sign.txt", &h.string_to_sign);
    expect("header-signature.txt", &h.signature);
    let lines: Vec<String> = h.added.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    expect(
        "header-signed-request.txt",
        &signed_request_text(&raw, "", &lines),
    );

    if dir.join("query-canonical-request.txt").exists() {
        let q = presign_query(&req, &params);
        expect("query-canonical-request.txt", &q.canonical_request);
        expect("query-string-to-sign.txt", &q.string_to_sign);
        expect("query-signature.txt", &q.signature);
        let extra: Vec<String> = q.added.iter().map(|(k, v)| format!("{k}={v}")).collect();
        expect(
            "query-signed-request.txt",
            &signed_request_text(&raw, &extra.join("&"), &[]),
        );
    }
    errs
}

#[test]
fn sigv4_suite() {
    let root = common::corpus_dir().join("sigv4");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("corpus sigv4 directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("context.json").exists())
        .collect();
    cases.sort();
    let total = cases.len();
    let mut passed = 0;
    let mut failures = Vec::new();
    for dir in &cases {
        let errs = check_case(dir);
        if errs.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{}:\n{}", dir.display(), errs.join("\n")));
        }
    }
    println!("sigv4 suite: {passed}/{total} cases");
    assert!(total > 0, "no SigV4 cases found under {}", root.display());
    assert_eq!(passed, total, "failures:\n{}", failures.join("\n\n"));
}
