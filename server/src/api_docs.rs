//! The readable page of the API description (`GET /api/docs`): plain HTML made on the server
//! from the same document as `/api/openapi.json`, so it can never say something else. No script,
//! nothing fetched: it opens on a phone on a satellite link as fast as any JSON answer.

use std::fmt::Write;

use serde_json::Value;
use sha2::{Digest, Sha256};

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;\
padding:1rem;color:#1b1b1b}h1{color:#b3001b}h2{border-bottom:2px solid #b3001b;margin-top:2.5rem}\
h3{margin:1.5rem 0 .25rem;font-size:1.05rem;overflow-wrap:anywhere}code{font-size:.9em}\
.m{display:inline-block;min-width:3.6rem;padding:0 .3rem;border-radius:3px;color:#fff;\
background:#555;text-align:center;font-size:.8rem}.get{background:#19663a}.post{background:#1f4fa3}\
.put{background:#8a5a00}.delete{background:#a31f1f}table{border-collapse:collapse;width:100%;\
margin:.5rem 0;font-size:.9rem}td,th{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;\
vertical-align:top;overflow-wrap:anywhere}th{background:#f3f3f3;white-space:nowrap}.n{white-space:nowrap;overflow-wrap:normal}\
nav{display:flex;flex-wrap:wrap;gap:.2rem .8rem}\
.lock{color:#555;font-size:.85rem}";

/// `Content-Security-Policy` for the page: its one inline stylesheet, by hash, and nothing else.
pub fn content_security_policy() -> String {
    let hash = base64(&Sha256::digest(STYLE.as_bytes()));
    format!("default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'")
}

pub fn render(document: &Value) -> String {
    let mut page = String::with_capacity(256 * 1024);
    let title = text(&document["info"]["title"]);
    let _ = write!(
        page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><h1>{title} {}</h1><p>{}</p>\
         <p>Machine-readable: <a href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI {}).</p>",
        text(&document["info"]["version"]),
        prose(&document["info"]["description"]),
        text(&document["openapi"]),
    );
    let tags: Vec<(&str, &str)> = document["tags"]
        .as_array()
        .map(|tags| {
            tags.iter()
                .map(|t| {
                    (
                        t["name"].as_str().unwrap_or(""),
                        t["description"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    page.push_str("<nav>");
    for (name, _) in &tags {
        let _ = write!(page, "<a href=\"#tag-{0}\">{0}</a>", escape(name));
    }
    page.push_str("<a href=\"#schemas\">schemas</a></nav>");
    for (name, description) in &tags {
        let _ = write!(
            page,
            "<h2 id=\"tag-{0}\">{0}</h2><p>{1}</p>",
            escape(name),
            escape(description)
        );
        for (path, method, operation) in operations(document) {
            let tagged = operation["tags"]
                .as_array()
                .is_some_and(|ts| ts.iter().any(|t| t == name));
            if tagged {
                render_operation(&mut page, path, method, operation);
            }
        }
    }
    page.push_str("<h2 id=\"schemas\">Schemas</h2>");
    if let Some(schemas) = document["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(page, "<h3 id=\"schema-{0}\">{0}</h3>", escape(name));
            render_schema(&mut page, schema);
        }
    }
    page.push_str("</body></html>");
    page
}

fn operations(document: &Value) -> Vec<(&str, &str, &Value)> {
    let mut found = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "delete", "patch"] {
                if let Some(operation) = item.get(method) {
                    found.push((path.as_str(), method, operation));
                }
            }
        }
    }
    found
}

fn render_operation(page: &mut String, path: &str, method: &str, operation: &Value) {
    let signed_in = operation["security"]
        .as_array()
        .is_some_and(|s| !s.is_empty());
    let _ = write!(
        page,
        "<h3 id=\"{}\"><span class=\"m {method}\">{}</span> <code>{}</code></h3>\
         <p>{} <span class=\"lock\">{}</span></p>",
        escape(operation["operationId"].as_str().unwrap_or(path)),
        method.to_uppercase(),
        escape(path),
        prose(&operation["summary"]),
        if signed_in {
            "Needs a session."
        } else {
            "Public."
        },
    );
    if operation["description"].is_string() {
        let _ = write!(page, "<p>{}</p>", prose(&operation["description"]));
    }
    if let Some(parameters) = operation["parameters"].as_array().filter(|p| !p.is_empty()) {
        page.push_str("<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>");
        for parameter in parameters {
            let _ = write!(
                page,
                "<tr><td><code>{}</code>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                text(&parameter["name"]),
                if parameter["required"] == true {
                    " (required)"
                } else {
                    ""
                },
                text(&parameter["in"]),
                type_of(&parameter["schema"]),
                prose(&parameter["description"]),
            );
        }
        page.push_str("</table>");
    }
    if let Some(content) = operation["requestBody"]["content"].as_object() {
        for (media_type, body) in content {
            let _ = write!(
                page,
                "<p>Body (<code>{}</code>): {}</p>",
                escape(media_type),
                type_of(&body["schema"])
            );
        }
    }
    page.push_str("<table><tr><th>status</th><th>when</th><th>body</th></tr>");
    if let Some(responses) = operation["responses"].as_object() {
        for (status, response) in responses {
            let body = response["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|b| type_of(&b["schema"]))
                .unwrap_or_default();
            let _ = write!(
                page,
                "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{body}</td></tr>",
                escape(status),
                prose(&response["description"]),
            );
        }
    }
    page.push_str("</table>");
}

fn render_schema(page: &mut String, schema: &Value) {
    if schema["description"].is_string() {
        let _ = write!(page, "<p>{}</p>", prose(&schema["description"]));
    }
    if let Some(variants) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        page.push_str("<p>One of:</p>");
        for variant in variants {
            if variant["properties"].is_object() {
                render_schema(page, variant);
            } else {
                let _ = write!(page, "<p>{}</p>", type_of(variant));
            }
        }
        return;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        page.push_str("<p>All of:</p>");
        for part in parts {
            if part["properties"].is_object() {
                render_schema(page, part);
            } else {
                let _ = write!(page, "<p>{}</p>", type_of(part));
            }
        }
        return;
    }
    let Some(properties) = schema["properties"].as_object() else {
        let _ = write!(page, "<p>{}</p>", type_of(schema));
        return;
    };
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    page.push_str("<table><tr><th>field</th><th>type</th><th>meaning</th></tr>");
    for (name, property) in properties {
        let _ = write!(
            page,
            "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            if required.contains(&name.as_str()) {
                ""
            } else {
                " (optional)"
            },
            type_of(property),
            prose(&property["description"]),
        );
    }
    page.push_str("</table>");
}

/// A schema in a few words: a link to a named one, or its type with its constraints.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    if let Some(variants) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        return variants
            .iter()
            .map(type_of)
            .collect::<Vec<_>>()
            .join(" or ");
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect();
        return format!("one of {}", values.join(", "));
    }
    if let Some(value) = schema.get("const") {
        return format!("<code>{}</code>", escape(&value.to_string()));
    }
    let kinds: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut words: Vec<String> = kinds
        .iter()
        .map(|kind| match *kind {
            "array" => format!("array of {}", type_of(&schema["items"])),
            "object" if schema["additionalProperties"].is_object() => {
                format!("map to {}", type_of(&schema["additionalProperties"]))
            }
            other => escape(other),
        })
        .collect();
    if words.is_empty() {
        words.push("any".to_owned());
    }
    let mut described = words.join(" or ");
    for constraint in [
        "format",
        "pattern",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
    ] {
        if let Some(value) = schema.get(constraint) {
            let shown = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or(value.to_string());
            let _ = write!(described, ", {constraint} <code>{}</code>", escape(&shown));
        }
    }
    described
}

fn text(value: &Value) -> String {
    escape(value.as_str().unwrap_or(""))
}

/// Escaped text with `code` spans kept (descriptions use Markdown backticks).
fn prose(value: &Value) -> String {
    let escaped = text(value);
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn text_from_the_description_cannot_inject_markup() {
        let page = render(&serde_json::json!({
            "info": { "title": "<script>x</script>", "description": "a `b<i>` c" },
        }));
        assert!(!page.contains("<script>"));
        assert!(page.contains("<code>b&lt;i&gt;</code>"));
    }
}
