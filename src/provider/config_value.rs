//! Reading configuration values: one reader for TOML and JS objects.
//!
//! TOML is parsed into a `serde_json::Value`, so both sources go through the same code. Keys are
//! accepted in snake_case (TOML) and camelCase (JS); an error names the key as the user wrote it,
//! with its section (`provider.api_key`, `customProviders[1].baseUrl`), and never quotes a
//! value: a value might be a credential.

use crate::error::{ProviderError, Result};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Longest key name an error message repeats (every real key is far shorter).
const MAX_SHOWN_KEY_LEN: usize = 32;

/// Parses TOML text into a JSON value. The error gives line and column only: toml's own
/// message quotes the offending line, which may hold a key.
#[cfg(feature = "toml")]
pub(crate) fn toml_to_value(text: &str) -> Result<Value> {
    toml::from_str::<Value>(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = text.get(..s.start).unwrap_or("");
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(" at line {line}, column {col}")
            })
            .unwrap_or_default();
        let msg = e.message().lines().next().unwrap_or("syntax error");
        ProviderError::config(format!("invalid TOML{at}: {msg}"))
    })
}

/// Without the `toml` feature (the npm package leaves the parser out to stay small) TOML text
/// is a configuration error that says what to do instead.
#[cfg(not(feature = "toml"))]
pub(crate) fn toml_to_value(_text: &str) -> Result<Value> {
    Err(ProviderError::config(
        "TOML configuration needs the gateway or CLI build; pass an object",
    ))
}

/// camelCase → snake_case (`apiKey` → `api_key`, `baseURL` → `base_url`).
pub(crate) fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// A section of the configuration (a TOML table or a JS object) with its path for errors.
pub(crate) struct Section<'a> {
    pub map: &'a Map<String, Value>,
    pub path: String,
}

impl<'a> Section<'a> {
    pub fn new(map: &'a Map<String, Value>, path: impl Into<String>) -> Self {
        Section {
            map,
            path: path.into(),
        }
    }

    /// `section.key` as the user wrote it.
    pub fn key_path(&self, written: &str) -> String {
        if self.path.is_empty() {
            written.to_string()
        } else {
            format!("{}.{written}", self.path)
        }
    }

    /// An error about `key`, named as the user wrote it when it is present.
    pub fn error(&self, key: &str, what: &str) -> ProviderError {
        let written = self.get(key).map_or(key, |(k, _)| k);
        // Every real key name is short; a long unknown "key" may be a credential pasted in the
        // wrong place (`sk-… = 1`), and errors must never show one.
        if written.chars().count() > MAX_SHOWN_KEY_LEN {
            let hidden = format!("<a key of {} characters>", written.chars().count());
            return ProviderError::config(format!("{}: {what}", self.key_path(&hidden)));
        }
        ProviderError::config(format!("{}: {what}", self.key_path(written)))
    }

    /// The value of `key` (snake_case name) under either spelling, with the spelling used.
    pub fn get(&self, key: &str) -> Option<(&'a str, &'a Value)> {
        self.map
            .iter()
            .find(|(k, _)| snake(k) == key)
            .map(|(k, v)| (k.as_str(), v))
    }

    /// Rejects keys that are not in `known` (snake_case), so a typo is an error, not a silently
    /// ignored setting.
    pub fn check_known(&self, known: &[&str]) -> Result<()> {
        for k in self.map.keys() {
            if !known.contains(&snake(k).as_str()) {
                return Err(self.error(k, "unknown key"));
            }
        }
        Ok(())
    }

    pub fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((_, Value::String(s))) if s.trim().is_empty() => Ok(None),
            Some((_, Value::String(s))) => Ok(Some(s.trim().to_string())),
            Some((k, v)) => Err(self.error(k, &format!("expected a string, found {}", kind(v)))),
        }
    }

    /// A string that goes into a URL: printable ASCII-free of spaces and controls, checked
    /// against `allowed` extra characters beyond ASCII letters and digits.
    pub fn ident(&self, key: &str, allowed: &str, what: &str) -> Result<Option<String>> {
        let Some(s) = self.string(key)? else {
            return Ok(None);
        };
        if s.chars()
            .all(|c| c.is_ascii_alphanumeric() || allowed.contains(c))
        {
            Ok(Some(s))
        } else {
            let written = self.get(key).map_or(key, |(k, _)| k);
            Err(self.error(written, &format!("not a valid {what}")))
        }
    }

    pub fn url(&self, key: &str, schemes: &[&str]) -> Result<Option<String>> {
        let Some(s) = self.string(key)? else {
            return Ok(None);
        };
        let written = self.get(key).map_or(key, |(k, _)| k);
        check_url(&s).map_err(|what| self.error(written, what))?;
        if !schemes.iter().any(|p| s.starts_with(p)) {
            let list = schemes.join(" or ");
            return Err(self.error(written, &format!("must start with {list}")));
        }
        Ok(Some(s.trim_end_matches('/').to_string()))
    }

    pub fn uint(&self, key: &str, max: u64) -> Result<Option<u64>> {
        match self.get(key) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((k, Value::Number(n))) => match n.as_u64() {
                Some(v) if v <= max => Ok(Some(v)),
                Some(_) => Err(self.error(k, &format!("must be at most {max}"))),
                None => Err(self.error(k, "expected a whole number of 0 or more")),
            },
            Some((k, v)) => Err(self.error(k, &format!("expected a number, found {}", kind(v)))),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((_, Value::Bool(b))) => Ok(Some(*b)),
            Some((k, v)) => {
                Err(self.error(k, &format!("expected true or false, found {}", kind(v))))
            }
        }
    }

    pub fn float(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((k, Value::Number(n))) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(Some)
                .ok_or_else(|| self.error(k, "expected a finite number")),
            Some((k, v)) => Err(self.error(k, &format!("expected a number, found {}", kind(v)))),
        }
    }

    pub fn strings(&self, key: &str) -> Result<Vec<String>> {
        match self.get(key) {
            None | Some((_, Value::Null)) => Ok(Vec::new()),
            Some((k, Value::Array(a))) => a
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                    _ => Err(self.error(&format!("{k}[{i}]"), "expected a non-empty string")),
                })
                .collect(),
            Some((k, v)) => {
                Err(self.error(k, &format!("expected a list of strings, found {}", kind(v))))
            }
        }
    }

    /// A table/object of header name → string value.
    pub fn headers(&self, key: &str) -> Result<Vec<(String, String)>> {
        let (k, map) = match self.get(key) {
            None | Some((_, Value::Null)) => return Ok(Vec::new()),
            Some((k, Value::Object(m))) => (k, m),
            Some((k, v)) => {
                return Err(self.error(
                    k,
                    &format!("expected a table of headers, found {}", kind(v)),
                ))
            }
        };
        let mut out = Vec::new();
        for (name, v) in map {
            let valid_name = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !valid_name {
                return Err(self.error(&format!("{k}.{name}"), "not a valid header name"));
            }
            match v {
                Value::String(s) if !s.contains(['\r', '\n', '\0']) => {
                    out.push((name.clone(), s.clone()))
                }
                _ => {
                    return Err(self.error(&format!("{k}.{name}"), "expected a single-line string"))
                }
            }
        }
        Ok(out)
    }

    pub fn section(&self, key: &str) -> Result<Option<Section<'a>>> {
        match self.get(key) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((k, Value::Object(m))) => Ok(Some(Section::new(m, self.key_path(k)))),
            Some((k, v)) => Err(self.error(k, &format!("expected a table, found {}", kind(v)))),
        }
    }
}

/// A URL the provider layer may call: no whitespace or control characters, a host present.
pub(crate) fn check_url(s: &str) -> core::result::Result<(), &'static str> {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    // Paths are appended to it: a query or fragment would swallow them.
    if s.contains(['?', '#']) {
        return Err("must not contain a query (?) or fragment (#)");
    }
    let Some((_, rest)) = s.split_once("://") else {
        return Err("must be an absolute URL");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains('@') {
        return Err("must name a host (and no user info)");
    }
    Ok(())
}

/// A JSON type's name for messages (never the value).
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases_keys() {
        assert_eq!(snake("apiKey"), "api_key");
        assert_eq!(snake("baseURL"), "base_url");
        assert_eq!(snake("api_key_env"), "api_key_env");
        assert_eq!(snake("apiKeyEnv"), "api_key_env");
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_errors_do_not_quote_the_line() {
        let e = toml_to_value("[provider]\napi_key = sk-secret-123\n").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
        assert!(!e.message.contains("sk-secret"), "{}", e.message);
    }

    #[cfg(not(feature = "toml"))]
    #[test]
    fn toml_without_the_feature_is_a_config_error() {
        let e = toml_to_value("[provider]\ntype = \"mock\"\n").unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Config);
        assert!(e.message.contains("pass an object"), "{}", e.message);
    }
}
