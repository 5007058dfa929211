//! Canonical content blocks → Converse content blocks.
//!
//! Converse wants raw bytes (base64 in JSON) with a `format` instead of a MIME type, names for
//! documents, and a separate `{"cachePoint": {"type": "default"}}` block *after* a block that
//! carries an Anthropic `cache_control`. URL sources are not fetched by Bedrock: `data:` URLs
//! are inlined, `s3://` URLs become `s3Location`, others are dropped with a warning.

use crate::format::anthropic::parse_data_url;
use crate::format::build::{object, text};
use crate::message::{ContentBlock, Source, ToolResultContent, Warning};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine;
use serde_json::Value;

/// Per-request state: documents are numbered across the whole request.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// The model is Claude: thinking must be signed to be replayed.
    pub claude: bool,
    documents: u32,
}

impl Ctx {
    pub fn new(claude: bool) -> Self {
        Ctx {
            claude,
            documents: 0,
        }
    }
}

pub(crate) fn cache_point() -> Value {
    object(&mut [("cachePoint", object(&mut [("type", text("default"))]))])
}

fn image_format(media_type: &str) -> Option<&'static str> {
    Some(match media_type.to_ascii_lowercase().as_str() {
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpeg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => return None,
    })
}

fn document_format(media_type: &str) -> Option<&'static str> {
    Some(match media_type.to_ascii_lowercase().as_str() {
        "application/pdf" => "pdf",
        "text/csv" => "csv",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "text/html" => "html",
        "text/plain" => "txt",
        "text/markdown" => "md",
        _ => return None,
    })
}

/// The format of an `s3://…/name.ext` object, from its extension.
fn format_from_extension(url: &str, image: bool) -> Option<&'static str> {
    let ext = url.rsplit('.').next()?.to_ascii_lowercase();
    let mt = match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "html" => "text/html",
        _ => return None,
    };
    if image {
        image_format(mt)
    } else {
        document_format(mt)
    }
}

/// `(format, source)` for an image (`image`) or a document.
fn media(
    src: &Source,
    image: bool,
    path: &str,
    w: &mut Vec<Warning>,
) -> Option<(&'static str, Value)> {
    let fmt = |mt: &str| {
        if image {
            image_format(mt)
        } else {
            document_format(mt)
        }
    };
    let kind = if image { "image" } else { "document" };
    let unsupported = |w: &mut Vec<Warning>, what: &str| {
        w.push(Warning::new(
            path,
            format!("Bedrock does not accept this {kind} ({what}); the block was not sent"),
        ));
        None
    };
    match src {
        Source::Base64 { media_type, data } => match fmt(media_type) {
            Some(f) => Some((f, object(&mut [("bytes", text(data))]))),
            None => unsupported(w, media_type),
        },
        Source::Text { data, .. } if !image => {
            let bytes = base64::engine::general_purpose::STANDARD.encode(data.as_bytes());
            Some(("txt", object(&mut [("bytes", Value::String(bytes))])))
        }
        Source::Text { .. } => unsupported(w, "text source"),
        Source::Url { url } => {
            if let Some((mt, data)) = parse_data_url(url) {
                return match fmt(mt) {
                    Some(f) => Some((f, object(&mut [("bytes", text(data))]))),
                    None => unsupported(w, mt),
                };
            }
            if url.starts_with("s3://") {
                if let Some(f) = format_from_extension(url, image) {
                    return Some((
                        f,
                        object(&mut [("s3Location", object(&mut [("uri", text(url))]))]),
                    ));
                }
            }
            unsupported(
                w,
                "a URL Bedrock cannot fetch; use base64 data or an s3:// URL",
            )
        }
    }
}

/// A document name Bedrock accepts (alphanumerics, single spaces, `-`, `()`, `[]`).
fn document_name(title: Option<&str>, n: u32) -> String {
    let mut out = String::new();
    for c in title.unwrap_or("").chars() {
        let ok = c.is_ascii_alphanumeric() || matches!(c, '-' | '(' | ')' | '[' | ']');
        if ok {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let out = String::from(out.trim_end());
    if out.is_empty() {
        format!("Document {n}")
    } else {
        out
    }
}

fn document(
    cx: &mut Ctx,
    src: &Source,
    title: Option<&str>,
    path: &str,
    w: &mut Vec<Warning>,
) -> Option<Value> {
    let (f, source) = media(src, false, path, w)?;
    cx.documents += 1;
    let name = document_name(title, cx.documents);
    Some(object(&mut [(
        "document",
        object(&mut [
            ("format", text(f)),
            ("name", Value::String(name)),
            ("source", source),
        ]),
    )]))
}

fn tool_result_item(
    cx: &mut Ctx,
    item: &ToolResultContent,
    path: &str,
    w: &mut Vec<Warning>,
) -> Option<Value> {
    match item {
        ToolResultContent::Text { text } => Some(object(&mut [("text", self::text(text))])),
        ToolResultContent::Image { source } => {
            let (f, s) = media(source, true, path, w)?;
            Some(object(&mut [(
                "image",
                object(&mut [("format", self::text(f)), ("source", s)]),
            )]))
        }
        ToolResultContent::Document { source } => document(cx, source, None, path, w),
    }
}

/// Appends the Converse blocks for `b` (plus a cache point when it has a breakpoint).
pub(crate) fn push_block(
    cx: &mut Ctx,
    b: &ContentBlock,
    path: &str,
    out: &mut Vec<Value>,
    w: &mut Vec<Warning>,
) {
    let v = match b {
        ContentBlock::Text { text, .. } if text.is_empty() => {
            w.push(Warning::new(
                path,
                "Bedrock rejects empty text blocks; not sent",
            ));
            None
        }
        ContentBlock::Text { text, .. } => Some(object(&mut [("text", self::text(text))])),
        ContentBlock::Image { source, .. } => media(source, true, path, w).map(|(f, s)| {
            object(&mut [(
                "image",
                object(&mut [("format", self::text(f)), ("source", s)]),
            )])
        }),
        ContentBlock::Document { source, title, .. } => {
            document(cx, source, title.as_deref(), path, w)
        }
        ContentBlock::ToolUse {
            id, name, input, ..
        } => {
            let input = if input.is_null() {
                Value::Object(serde_json::Map::new())
            } else {
                input.clone()
            };
            Some(object(&mut [(
                "toolUse",
                object(&mut [
                    ("toolUseId", self::text(id)),
                    ("name", self::text(name)),
                    ("input", input),
                ]),
            )]))
        }
        ContentBlock::ToolResult {
            tool_use_id,
            content,
            is_error,
            ..
        } => {
            let items: Vec<Value> = content
                .iter()
                .enumerate()
                .filter_map(|(i, c)| tool_result_item(cx, c, &format!("{path}.content[{i}]"), w))
                .collect();
            let status = if *is_error { "error" } else { "success" };
            Some(object(&mut [(
                "toolResult",
                object(&mut [
                    ("toolUseId", self::text(tool_use_id)),
                    ("content", Value::Array(items)),
                    ("status", self::text(status)),
                ]),
            )]))
        }
        ContentBlock::Thinking {
            thinking,
            signature,
        } => match signature.as_deref().filter(|s| !s.is_empty()) {
            Some(sig) => Some(object(&mut [(
                "reasoningContent",
                object(&mut [(
                    "reasoningText",
                    object(&mut [
                        ("text", self::text(thinking)),
                        ("signature", self::text(sig)),
                    ]),
                )]),
            )])),
            None if cx.claude => {
                w.push(Warning::new(
                    path,
                    "thinking without a signature cannot be replayed to Claude; not sent",
                ));
                None
            }
            None => Some(object(&mut [(
                "reasoningContent",
                object(&mut [(
                    "reasoningText",
                    object(&mut [("text", self::text(thinking))]),
                )]),
            )])),
        },
        ContentBlock::RedactedThinking { data } => Some(object(&mut [(
            "reasoningContent",
            object(&mut [("redactedContent", self::text(data))]),
        )])),
    };
    if let Some(v) = v {
        out.push(v);
        if b.cache_control().is_some() {
            out.push(cache_point());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names() {
        assert_eq!(document_name(None, 2), "Document 2");
        assert_eq!(document_name(Some("report_2024.pdf"), 1), "report 2024 pdf");
        assert_eq!(document_name(Some("!!"), 3), "Document 3");
    }
}
