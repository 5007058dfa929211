//! The aster native CLI.
//!
//! `aster decode --format F [--aggregate] [--chunk-bytes N] [--provider P] FILE…` prints the
//! chunks of recorded bodies as JSON lines, or with `--aggregate` one JSON object per file
//! (DESIGN §5). A `.json` file is a non-streaming body; any other file is a stream; a
//! `.chunks.txt` file (the corpus's captures: one event's JSON per line) is an SSE stream
//! without its framing.

use aster::decode::{aggregate, decode_stream, decode_whole, Decoded};
use aster::format::WireFormat;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: aster decode --format F [--aggregate] [--chunk-bytes N] [--provider P] FILE...
formats: anthropic openai-chat openai-responses gemini bedrock-converse ollama mistral tgi";

struct DecodeArgs {
    format: WireFormat,
    aggregate: bool,
    chunk_bytes: usize,
    provider: String,
    files: Vec<String>,
}

fn parse_decode_args(args: &[String]) -> Result<DecodeArgs, String> {
    let mut format = None;
    let mut aggregate = false;
    let mut chunk_bytes = 0usize;
    let mut provider = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" | "-f" => {
                let v = it.next().ok_or("--format needs a value")?;
                format =
                    Some(WireFormat::from_name(v).ok_or_else(|| format!("unknown format `{v}`"))?);
            }
            "--aggregate" | "-a" => aggregate = true,
            "--chunk-bytes" => {
                let v = it.next().ok_or("--chunk-bytes needs a value")?;
                chunk_bytes = v
                    .parse()
                    .map_err(|_| format!("--chunk-bytes: `{v}` is not a number"))?;
                if chunk_bytes == 0 {
                    return Err("--chunk-bytes must be at least 1".into());
                }
            }
            "--provider" => provider = Some(it.next().ok_or("--provider needs a value")?.clone()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            _ => files.push(a.clone()),
        }
    }
    let format = format.ok_or("--format is required")?;
    if files.is_empty() {
        return Err("no input files".into());
    }
    let provider = provider.unwrap_or_else(|| default_provider(format).to_string());
    Ok(DecodeArgs {
        format,
        aggregate,
        chunk_bytes,
        provider,
        files,
    })
}

/// The provider name written into `metadata` chunks when `--provider` is not given: the first
/// kind in the provider table that speaks `format` (`openai` for both OpenAI formats).
fn default_provider(format: WireFormat) -> &'static str {
    use aster::provider::{Api, ProviderKind};
    ProviderKind::ALL
        .into_iter()
        .find(|k| {
            let i = k.info();
            i.format == format
                || (format == WireFormat::OpenAiResponses && i.apis.contains(&Api::Responses))
        })
        .map_or("", ProviderKind::name)
}

/// A `.chunks.txt` capture (one event's JSON per line, the SSE framing stripped, as the
/// corpus keeps them) framed back as the SSE stream it came from.
fn chunks_txt_as_sse(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + body.len() / 8);
    for line in body.split(|b| *b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.extend_from_slice(b"data: ");
        out.extend_from_slice(line);
        out.extend_from_slice(b"\n\n");
    }
    out
}

fn decode_file(a: &DecodeArgs, path: &str) -> Result<Decoded, String> {
    let mut body = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    if path.ends_with(".chunks.txt") {
        if a.format.default_framing() != aster::format::Framing::Sse {
            return Err(format!(
                "{path}: .chunks.txt captures are read for SSE formats only"
            ));
        }
        body = chunks_txt_as_sse(&body);
    }
    Ok(if path.ends_with(".json") {
        decode_whole(a.format, &a.provider, &body)
    } else {
        decode_stream(a.format, &a.provider, &body, a.chunk_bytes)
    })
}

fn run_decode(args: &[String]) -> Result<bool, String> {
    let a = parse_decode_args(args)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut all_ok = true;
    for path in &a.files {
        let decoded = decode_file(&a, path)?;
        all_ok &= decoded.error.is_none();
        let w = if a.aggregate {
            let mut v = aggregate(&decoded);
            if a.files.len() > 1 {
                if let Some(m) = v.as_object_mut() {
                    m.insert("file".into(), serde_json::Value::String(path.clone()));
                }
            }
            writeln!(out, "{v}")
        } else {
            let mut r = Ok(());
            for c in &decoded.chunks {
                r = r.and_then(|()| {
                    writeln!(out, "{}", serde_json::to_string(c).unwrap_or_default())
                });
            }
            if let Some(e) = &decoded.error {
                let line = serde_json::json!({"type": "error", "code": e.code(), "message": e.message, "status": e.status});
                r = r.and_then(|()| writeln!(out, "{line}"));
            }
            r
        };
        w.map_err(|e| format!("writing output: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(all_ok)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("decode") => run_decode(&args[1..]),
        Some("-h") | Some("--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        // A body that ended in an error was still printed; the exit code says it failed.
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("aster: {e}");
            ExitCode::from(2)
        }
    }
}
