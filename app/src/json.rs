//! Reading JSON with the browser's own parser. `JSON.parse` is already on every phone, so the
//! app ships only a mapping from JS values to Rust types, not a JSON parser of its own.
//!
//! The mapping is this module's own small serde deserializer rather than serde-wasm-bindgen's:
//! the app never shows why a value did not fit (a failed read is `None`), so its error carries
//! no message. A message would link in the formatting of every kind of value serde can
//! complain about, floating-point numbers included: several kilobytes of the first download
//! for text nobody reads.

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// A value from JSON text; `None` when the text is not JSON or not this type.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// A value from what `JSON.parse`, `Response.json()` or IndexedDB gave.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(Value(value)).ok()
}

/// The JSON body of a response, parsed by the browser.
pub async fn body<T: DeserializeOwned>(response: &gloo_net::http::Response) -> Option<T> {
    decode(&response.text().await.ok()?)
}

/// A value that does not fit the type asked for. Deliberately without detail: see the module.
#[derive(Debug)]
pub struct Unfit;

impl fmt::Display for Unfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unfit")
    }
}

impl std::error::Error for Unfit {}

impl de::Error for Unfit {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unfit
    }
}

struct Value(JsValue);

impl<'de> de::Deserializer<'de> for Value {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        let v = self.0;
        if v.is_null() || v.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = v.as_f64() {
            // JSON has one kind of number; whole ones go to integer fields exactly.
            if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
                if n < 0.0 {
                    visitor.visit_i64(n as i64)
                } else {
                    visitor.visit_u64(n as u64)
                }
            } else {
                visitor.visit_f64(n)
            }
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else if js_sys::Array::is_array(&v) {
            visitor.visit_seq(Seq {
                items: v.unchecked_into(),
                next: 0,
            })
        } else if v.is_object() {
            visitor.visit_map(Map {
                entries: js_sys::Object::entries(v.unchecked_ref()),
                next: 0,
                value: None,
            })
        } else {
            Err(Unfit)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unfit> {
        visitor.visit_newtype_struct(self)
    }

    /// Externally tagged: `"variant"`, or `{"variant": content}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unfit> {
        if let Some(tag) = self.0.as_string() {
            return visitor.visit_enum(tag.into_deserializer());
        }
        let entries = js_sys::Object::entries(self.0.dyn_ref().ok_or(Unfit)?);
        if entries.length() != 1 {
            return Err(Unfit);
        }
        let entry: js_sys::Array = entries.get(0).unchecked_into();
        visitor.visit_enum(Variant {
            tag: entry.get(0).as_string().ok_or(Unfit)?,
            content: entry.get(1),
        })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct Seq {
    items: js_sys::Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Seq {
    type Error = Unfit;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unfit> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize(Value(self.items.get(self.next - 1)))
            .map(Some)
    }
}

struct Map {
    entries: js_sys::Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Map {
    type Error = Unfit;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unfit> {
        while self.next < self.entries.length() {
            let entry: js_sys::Array = self.entries.get(self.next).unchecked_into();
            self.next += 1;
            let value = entry.get(1);
            // An `undefined` property is one that is not there (IndexedDB keeps them).
            if value.is_undefined() {
                continue;
            }
            self.value = Some(value);
            let key = entry.get(0).as_string().ok_or(Unfit)?;
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unfit> {
        seed.deserialize(Value(self.value.take().ok_or(Unfit)?))
    }
}

struct Variant {
    tag: String,
    content: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Unfit;
    type Variant = Value;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Value), Unfit> {
        let tag = seed.deserialize(self.tag.into_deserializer())?;
        Ok((tag, Value(self.content)))
    }
}

impl<'de> de::VariantAccess<'de> for Value {
    type Error = Unfit;

    fn unit_variant(self) -> Result<(), Unfit> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Unfit> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Unfit> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unfit> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
