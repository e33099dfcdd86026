//! Reading the fields every callback event shares, leniently: for generated event types and for
//! receivers that keep events as raw JSON.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;

use super::EventObject;
use crate::de::Lenient;

/// The event's `event_type`, when it is a string.
pub fn event_type_of(object: &EventObject) -> Option<&str> {
    object.get("event_type").and_then(Value::as_str)
}

/// The event's `t` read as the verifier reads it (see [`parse_timestamp`]), when it is present
/// and readable.
pub fn timestamp_of(object: &EventObject) -> Option<u64> {
    object.get("t").and_then(|t| parse_timestamp(t).ok())
}

/// Reads a `t`: a JSON integer from 0 to `u64::MAX`, or a string of 1 or more ASCII decimal
/// digits (no sign, no spaces; leading zeros allowed) holding one.
///
/// # Errors
///
/// A short reason when the value is anything else (a negative or fractional number, another
/// string, `null`, ...).
pub fn parse_timestamp(value: &Value) -> Result<u64, &'static str> {
    read_timestamp(value).map(|(t, _)| t)
}

/// `t` and the text its signature covers: the digits of a string as received, or the decimal
/// form of a number.
pub(crate) fn read_timestamp(
    value: &Value,
) -> Result<(u64, std::borrow::Cow<'_, str>), &'static str> {
    match value {
        Value::Number(n) => match n.as_u64() {
            Some(t) => Ok((t, std::borrow::Cow::Owned(t.to_string()))),
            None if n.is_i64() => Err("`t` is negative"),
            None => Err("`t` is not a whole number"),
        },
        Value::String(s) => parse_digits(s).map(|t| (t, std::borrow::Cow::Borrowed(s.as_str()))),
        Value::Null => Err("`t` is null"),
        _ => Err("`t` is neither a number nor a string"),
    }
}

fn parse_digits(s: &str) -> Result<u64, &'static str> {
    if s.is_empty() {
        return Err("`t` is an empty string");
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("`t` is a string that is not a decimal integer");
    }
    s.parse().map_err(|_| "`t` does not fit 64 bits")
}

/// The fields the documentation lists for every event, read leniently: strings from strings or
/// numbers, `t` as [`parse_timestamp`] reads it; a field that is missing or has another type is
/// `None`. Never fails. `sign` is not among them: the verifier has checked it and removed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommonFields {
    /// `vhost`: the domain space.
    pub vhost: Option<String>,
    /// `domain`: the push or play domain.
    pub domain: Option<String>,
    /// `app`: the application name.
    pub app: Option<String>,
    /// `stream`: the stream name.
    pub stream: Option<String>,
    /// `event_type`, e.g. `push_start`.
    pub event_type: Option<String>,
    /// `t`: Unix seconds at which the notification expires.
    pub t: Option<u64>,
}

impl CommonFields {
    /// Reads the common fields of an event object.
    pub fn from_object(object: &EventObject) -> Self {
        let text = |name: &str| {
            object
                .get(name)
                .and_then(|v| String::deserialize_lenient(v).ok())
        };
        Self {
            vhost: text("vhost"),
            domain: text("domain"),
            app: text("app"),
            stream: text("stream"),
            event_type: event_type_of(object).map(str::to_owned),
            t: timestamp_of(object),
        }
    }
}

/// Decodes an optional `t` the way the verifier reads it, for
/// `#[serde(default, deserialize_with = "volc_runtime::callback::lenient_timestamp")]` on a
/// generated `t: Option<u64>` field: a JSON integer or a string of decimal digits; `null` is
/// `None`.
///
/// # Errors
///
/// When the value is anything else.
pub fn lenient_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    struct TimestampVisitor;
    impl<'de> Visitor<'de> for TimestampVisitor {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a non-negative integer, or a string of decimal digits")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            u64::try_from(v)
                .map(Some)
                .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            parse_digits(v)
                .map(Some)
                .map_err(|_| E::invalid_value(de::Unexpected::Other("a string"), &self))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    deserializer.deserialize_any(TimestampVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[test]
    fn the_envelope_leaves_out_what_does_not_fit() {
        #[derive(Debug, Default, Deserialize, PartialEq)]
        struct Envelope {
            stream: Option<String>,
            t: Option<i64>,
            app: Option<String>,
        }
        let parts = |v: Value| match v {
            Value::Object(o) => EventParts::new(o),
            _ => EventParts::new(EventObject::new()),
        };
        let fits = parts(json!({"stream": "s", "t": 5, "app": "a", "other": [1]}));
        assert_eq!(
            fits.decode_envelope::<Envelope>(),
            Envelope {
                stream: Some("s".into()),
                t: Some(5),
                app: Some("a".into())
            }
        );
        let misfits = parts(json!({"stream": {"x": 1}, "t": u64::MAX, "app": "a"}));
        assert!(misfits.decode::<Envelope>().is_err());
        assert_eq!(
            misfits.decode_envelope::<Envelope>(),
            Envelope {
                app: Some("a".into()),
                ..Envelope::default()
            }
        );
        // Nothing is lost: the object is whole.
        assert_eq!(misfits.into_object().len(), 3);
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp(&json!(0)), Ok(0));
        assert_eq!(parse_timestamp(&json!(1_640_849_510u64)), Ok(1_640_849_510));
        assert_eq!(parse_timestamp(&json!("1640849510")), Ok(1_640_849_510));
        assert_eq!(parse_timestamp(&json!("0001")), Ok(1));
        assert_eq!(parse_timestamp(&json!(u64::MAX)), Ok(u64::MAX));
        for bad in [
            json!(-1),
            json!(1.5),
            json!(1e3),
            json!(""),
            json!(" 1"),
            json!("+1"),
            json!("-1"),
            json!("1e3"),
            json!("18446744073709551616"),
            json!(null),
            json!(true),
            json!([1]),
        ] {
            assert!(parse_timestamp(&bad).is_err(), "{bad}");
        }
        let padded = json!("007");
        let (_, text) = read_timestamp(&padded).unwrap_or((0, "".into()));
        assert_eq!(text, "007");
    }

    #[test]
    fn common_fields_never_fail() {
        let object = json!({"vhost": "v", "app": 7, "stream": {"x": 1}, "t": "12", "event_type": "push_start"});
        let Value::Object(object) = object else {
            unreachable!()
        };
        let common = CommonFields::from_object(&object);
        assert_eq!(common.vhost.as_deref(), Some("v"));
        assert_eq!(common.app.as_deref(), Some("7"));
        assert_eq!(common.stream, None);
        assert_eq!(common.domain, None);
        assert_eq!(common.t, Some(12));
        assert_eq!(common.event_type.as_deref(), Some("push_start"));
        assert_eq!(
            CommonFields::from_object(&EventObject::new()),
            CommonFields::default()
        );
    }

    #[test]
    fn lenient_timestamp_field() {
        #[derive(Deserialize)]
        struct E {
            #[serde(default, deserialize_with = "lenient_timestamp")]
            t: Option<u64>,
        }
        let read = |v: Value| serde_json::from_value::<E>(v).map(|e| e.t);
        assert_eq!(read(json!({"t": 5})).ok(), Some(Some(5)));
        assert_eq!(read(json!({"t": "5"})).ok(), Some(Some(5)));
        assert_eq!(read(json!({"t": null})).ok(), Some(None));
        assert_eq!(read(json!({})).ok(), Some(None));
        assert!(read(json!({"t": -5})).is_err());
        assert!(read(json!({"t": "x"})).is_err());
        assert!(read(json!({"t": 1.5})).is_err());
    }
}

/// A verified event object, for generated event types: decode the fields every event shares,
/// read the `event_type`, decode a known type's own fields (from the object and its `detail`),
/// or keep the whole object for an event type the crate does not know.
#[derive(Debug, Clone)]
pub struct EventParts {
    object: Value,
}

impl EventParts {
    /// Wraps the event object the verifier hands over.
    pub fn new(object: EventObject) -> Self {
        Self {
            object: Value::Object(object),
        }
    }

    /// The event's `event_type`, when it is a string.
    pub fn event_type(&self) -> Option<&str> {
        self.object.get("event_type").and_then(Value::as_str)
    }

    /// Decodes the object into `T` (the shared fields).
    ///
    /// # Errors
    ///
    /// When the object does not fit `T`.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, super::JsonError> {
        T::deserialize(&self.object)
    }

    /// Decodes the fields every event shares, forgivingly: a field whose value does not fit
    /// `T` (a `stream` that is an object, a `t` beyond `i64`) is left out, as if absent, so that
    /// the envelope never fails an event (the whole object is still there, for an unknown type
    /// in [`EventParts::into_object`]).
    pub fn decode_envelope<T: serde::de::DeserializeOwned + Default>(&self) -> T {
        if let Ok(all) = T::deserialize(&self.object) {
            return all;
        }
        let Value::Object(object) = &self.object else {
            return T::default();
        };
        // Keep each field that decodes on its own; the fields of an envelope are independent.
        let fitting: EventObject = object
            .iter()
            .filter(|(key, value)| {
                let mut one = EventObject::new();
                one.insert((*key).clone(), (*value).clone());
                T::deserialize(&Value::Object(one)).is_ok()
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        T::deserialize(&Value::Object(fitting)).unwrap_or_default()
    }

    /// Decodes an event type's own fields: the documentation lists them flat in one layout and
    /// under `detail` in the other, so the object's fields and those of its `detail` object are
    /// read together (a field in both is read from the object).
    ///
    /// # Errors
    ///
    /// When the fields do not fit `T`.
    pub fn decode_with_detail<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Result<T, super::JsonError> {
        match (&self.object, self.object.get("detail")) {
            (Value::Object(object), Some(Value::Object(detail))) => {
                let mut merged = detail.clone();
                for (key, value) in object {
                    if key != "detail" {
                        merged.insert(key.clone(), value.clone());
                    }
                }
                T::deserialize(&Value::Object(merged))
            }
            _ => T::deserialize(&self.object),
        }
    }

    /// The whole event object, as received (without `sign`).
    pub fn into_object(self) -> EventObject {
        match self.object {
            Value::Object(object) => object,
            _ => EventObject::new(),
        }
    }
}
