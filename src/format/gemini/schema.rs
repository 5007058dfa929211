//! JSON Schema → the OpenAPI 3.0 subset Gemini's `functionDeclarations[].parameters` accepts.
//!
//! Kept (the fields of Gemini's `Schema`): `type`, `format`, `title`, `description`,
//! `nullable`, `enum`, `properties`, `required`, `items`, `anyOf`, `minItems`, `maxItems`,
//! `minProperties`, `maxProperties`, `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`,
//! `default`, `example`, `propertyOrdering`.
//!
//! Rewritten:
//! * `$ref` to `#/$defs/…` or `#/definitions/…` is inlined (Gemini has no references); a
//!   reference nested deeper than 16 levels (a recursive schema) becomes `{type: "object"}`;
//! * `type: ["string", "null"]` → `type: "string", nullable: true`; `type: "null"` →
//!   `nullable: true`; an `anyOf`/`oneOf` member `{type: "null"}` → `nullable: true`, and an
//!   `anyOf` left with one member is flattened into its parent;
//! * `oneOf` → `anyOf` (Gemini only has `anyOf`); `allOf` → its members merged (properties
//!   and `required` united);
//! * `const: x` → `enum: [x]`; `examples: [x, …]` → `example: x`;
//! * `enum` is kept only when every value is a string (Gemini enums are strings);
//! * `format` is kept only where Gemini supports it (`date-time`, `enum` on strings;
//!   `int32`, `int64`, `float`, `double` on numbers);
//! * `required` keeps only names that are in `properties`.
//!
//! Dropped (everything else, notably): `$schema`, `$id`, `$defs`, `definitions`, `$comment`,
//! `additionalProperties`, `patternProperties`, `unevaluatedProperties`, `propertyNames`,
//! `dependentRequired`, `dependentSchemas`, `if` / `then` / `else`, `not`, `exclusiveMinimum`,
//! `exclusiveMaximum`, `multipleOf`, `uniqueItems`, `contentEncoding`, `contentMediaType`,
//! `readOnly`, `writeOnly`, `deprecated`.

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

const MAX_REF_DEPTH: usize = 16;
const MAX_DEPTH: usize = 64;

const KEEP: [&str; 14] = [
    "title",
    "description",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "default",
    "example",
    "propertyOrdering",
];

/// Cleans `schema` (the root of a tool's `input_schema`).
pub(super) fn clean(schema: &Value) -> Value {
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .or_else(|| schema.get("definitions"))
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    Cleaner { defs }.node(schema, 0, 0)
}

struct Cleaner<'a> {
    defs: &'a Map<String, Value>,
}

impl Cleaner<'_> {
    fn node(&self, v: &Value, depth: usize, refs: usize) -> Value {
        let Some(o) = v.as_object() else {
            // `true` / `false` schemas and junk: an unconstrained object is the closest.
            return object_type();
        };
        if depth > MAX_DEPTH {
            return object_type();
        }
        if let Some(r) = o.get("$ref").and_then(Value::as_str) {
            return self.reference(o, r, depth, refs);
        }
        let mut out = Map::new();
        let mut nullable = o.get("nullable").and_then(Value::as_bool) == Some(true);
        nullable |= type_of(o, &mut out);
        keep_scalars(o, &mut out);
        self.properties(o, &mut out, depth, refs);
        match o.get("items") {
            Some(Value::Array(tuple)) => {
                if let Some(first) = tuple.first() {
                    out.insert("items".into(), self.node(first, depth + 1, refs));
                }
            }
            Some(items) => {
                out.insert("items".into(), self.node(items, depth + 1, refs));
            }
            None => {}
        }
        nullable |= self.alternatives(o, &mut out, depth, refs);
        if let Some(all) = o.get("allOf").and_then(Value::as_array) {
            for a in all {
                if let Value::Object(m) = self.node(a, depth + 1, refs) {
                    merge_all_of(&mut out, m);
                }
            }
        }
        if nullable {
            out.insert("nullable".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    /// A `$ref` to `#/$defs/…` or `#/definitions/…`, inlined (to a bounded depth).
    fn reference(&self, o: &Map<String, Value>, r: &str, depth: usize, refs: usize) -> Value {
        let name = r
            .strip_prefix("#/$defs/")
            .or_else(|| r.strip_prefix("#/definitions/"));
        match name.and_then(|n| self.defs.get(n)) {
            Some(target) if refs < MAX_REF_DEPTH => {
                let mut resolved = self.node(target, depth + 1, refs + 1);
                // Siblings of `$ref` (a description) refine the target.
                if let (Some(d), Some(m)) = (o.get("description"), resolved.as_object_mut()) {
                    m.insert("description".into(), d.clone());
                }
                resolved
            }
            _ => object_type(),
        }
    }

    /// `properties`, cleaned, and the `required` names among them.
    fn properties(
        &self,
        o: &Map<String, Value>,
        out: &mut Map<String, Value>,
        depth: usize,
        refs: usize,
    ) {
        let Some(props) = o.get("properties").and_then(Value::as_object) else {
            return;
        };
        let cleaned: Map<String, Value> = props
            .iter()
            .map(|(k, p)| (k.clone(), self.node(p, depth + 1, refs)))
            .collect();
        if let Some(req) = o.get("required").and_then(Value::as_array) {
            let req: Vec<Value> = req
                .iter()
                .filter(|r| r.as_str().is_some_and(|n| cleaned.contains_key(n)))
                .cloned()
                .collect();
            if !req.is_empty() {
                out.insert("required".into(), Value::Array(req));
            }
        }
        out.insert("properties".into(), Value::Object(cleaned));
    }

    /// `anyOf` / `oneOf` → `anyOf` without its `null` members (whether there was one is
    /// returned: it makes the schema nullable); a single member is flattened into `out`.
    fn alternatives(
        &self,
        o: &Map<String, Value>,
        out: &mut Map<String, Value>,
        depth: usize,
        refs: usize,
    ) -> bool {
        let Some(alts) = o
            .get("anyOf")
            .or_else(|| o.get("oneOf"))
            .and_then(Value::as_array)
        else {
            return false;
        };
        let mut nullable = false;
        let mut members = Vec::new();
        for a in alts {
            if a.get("type").and_then(Value::as_str) == Some("null") {
                nullable = true;
            } else {
                members.push(self.node(a, depth + 1, refs));
            }
        }
        match members.len() {
            0 => {}
            1 => {
                if let Some(Value::Object(m)) = members.pop() {
                    for (k, x) in m {
                        out.entry(k).or_insert(x);
                    }
                }
            }
            _ => {
                out.insert("anyOf".into(), Value::Array(members));
            }
        }
        nullable
    }
}

/// `type` (a list keeps its first non-null member); whether it admits `null`.
fn type_of(o: &Map<String, Value>, out: &mut Map<String, Value>) -> bool {
    match o.get("type") {
        Some(Value::String(t)) if t == "null" => true,
        Some(Value::String(t)) => {
            out.insert("type".into(), Value::String(t.clone()));
            false
        }
        Some(Value::Array(ts)) => {
            let non_null: Vec<&str> = ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            if let Some(t) = non_null.first() {
                out.insert("type".into(), Value::String(String::from(*t)));
            }
            non_null.len() < ts.len()
        }
        _ => false,
    }
}

/// The kept keywords, `examples` → `example`, `const`/`enum` (strings only), and `format`
/// where Gemini supports it for the type.
fn keep_scalars(o: &Map<String, Value>, out: &mut Map<String, Value>) {
    for k in KEEP {
        if let Some(x) = o.get(k) {
            out.insert(k.into(), x.clone());
        }
    }
    if let Some(ex) = o
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        out.entry("example").or_insert_with(|| ex.clone());
    }
    let en = o
        .get("enum")
        .cloned()
        .or_else(|| o.get("const").map(|c| Value::Array(alloc::vec![c.clone()])));
    if let Some(Value::Array(vals)) = en {
        if !vals.is_empty() && vals.iter().all(Value::is_string) {
            out.insert("enum".into(), Value::Array(vals));
            out.entry("type")
                .or_insert_with(|| Value::String("string".into()));
        }
    }
    if let Some(f) = o.get("format").and_then(Value::as_str) {
        let ty = out.get("type").and_then(Value::as_str).unwrap_or("");
        let ok = match ty {
            "string" => matches!(f, "date-time" | "enum"),
            "integer" | "number" => matches!(f, "int32" | "int64" | "float" | "double"),
            _ => false,
        };
        if ok {
            out.insert("format".into(), Value::String(f.into()));
        }
    }
}

fn object_type() -> Value {
    let mut m = Map::new();
    m.insert("type".into(), Value::String("object".into()));
    Value::Object(m)
}

/// Merges one `allOf` member: properties and `required` are united, other keys fill gaps.
fn merge_all_of(out: &mut Map<String, Value>, member: Map<String, Value>) {
    for (k, x) in member {
        match (k.as_str(), out.get_mut(&k), x) {
            ("properties", Some(Value::Object(have)), Value::Object(add)) => {
                for (pk, pv) in add {
                    have.entry(pk).or_insert(pv);
                }
            }
            ("required", Some(Value::Array(have)), Value::Array(add)) => {
                for r in add {
                    if !have.contains(&r) {
                        have.push(r);
                    }
                }
            }
            (_, Some(_), _) => {}
            (_, None, x) => {
                out.insert(k, x);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cleans_to_the_openapi_subset() {
        let s = json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object", "additionalProperties": false,
            "$defs": {"Cat": {"type": "object", "properties": {"meow": {"type": "integer", "format": "int64"}}, "required": ["meow", "ghost"]}},
            "properties": {
                "pet": {"oneOf": [{"$ref": "#/$defs/Cat"}, {"type": "null"}], "description": "a pet"},
                "tags": {"type": ["array", "null"], "items": {"type": "string", "format": "uri", "const": "x"}},
                "when": {"type": "string", "format": "date-time", "examples": ["2020-01-01T00:00:00Z"]},
                "n": {"type": "number", "exclusiveMinimum": 0, "enum": [1, 2]},
                "both": {"allOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                                    {"properties": {"b": {"type": "string"}}, "required": ["b"]}]}
            },
            "required": ["pet"]
        });
        assert_eq!(
            clean(&s),
            json!({
                "type": "object",
                "required": ["pet"],
                "properties": {
                    "pet": {"description": "a pet", "type": "object", "required": ["meow"],
                            "properties": {"meow": {"type": "integer", "format": "int64"}}, "nullable": true},
                    "tags": {"type": "array", "items": {"type": "string", "enum": ["x"]}, "nullable": true},
                    "when": {"type": "string", "example": "2020-01-01T00:00:00Z", "format": "date-time"},
                    "n": {"type": "number"},
                    "both": {"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]}
                }
            })
        );
    }

    #[test]
    fn recursive_references_terminate() {
        let s = json!({"$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}},
                       "$ref": "#/$defs/Node"});
        let c = clean(&s);
        let mut depth = 0;
        let mut cur = &c;
        while let Some(next) = cur.get("properties").and_then(|p| p.get("next")) {
            cur = next;
            depth += 1;
        }
        assert_eq!(depth, MAX_REF_DEPTH);
        assert_eq!(clean(&json!(true)), json!({"type": "object"}));
    }
}
