//! SigV4 signing of arbitrary requests (method, URL, headers, body, time, region): never panics.
#![no_main]
use aster::http::{Headers, HttpRequest, Method};
use aster::provider::sigv4::{
    presign_query, sign_http_request, AwsCredentials, SignableRequest, SigningParams,
    SigningSettings,
};
use aster::provider::{Secret, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let mut next = || parts.next().unwrap_or("").to_string();
    let (url, region, service, hdrs, body) = (next(), next(), next(), next(), next());
    let secs = data
        .iter()
        .fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(*b as u64));
    let creds = AwsCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: (secs % 2 == 0).then(|| Secret::new("token")),
    };
    let settings = SigningSettings {
        normalize_path: secs % 3 != 0,
        double_encode_path: secs % 5 != 0,
        content_sha256_header: secs % 7 == 0,
        omit_session_token: secs % 11 == 0,
        expires_in: secs,
    };
    let p = SigningParams {
        credentials: &creds,
        region: &region,
        service: &service,
        time: Timestamp::from_unix_secs(secs),
        settings,
    };
    let headers: Vec<(String, String)> = hdrs
        .split('\n')
        .map(|l| match l.split_once(':') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect();
    let mut http = HttpRequest {
        method: Method::Post,
        url: url.clone(),
        headers: Headers(headers.clone()),
        body: body.clone().into_bytes(),
    };
    let _ = sign_http_request(&mut http, &p);
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let req = SignableRequest {
        method: "GET",
        path,
        query,
        headers: &headers,
        body: body.as_bytes(),
    };
    let _ = presign_query(&req, &p);
});
