//! A test-side Live callback sender: builds callback bodies in either documented layout, signs
//! them from the fixed vector table `tests/data/callback-vectors.json` (computed once with
//! Python's hashlib, so never with the runtime's own MD5), and POSTs them as the service does.
//!
//! ```no_run
//! use volc_tests::callback_sender::{CallbackSender, EventBody, Layout};
//!
//! # async fn demo(url: &str) -> Result<(), volc_tests::callback_sender::SenderError> {
//! let sender = CallbackSender::new()?;
//! let key = "1622194197-0-0-5552*****e4e20387c6dc18afce****";
//! let body = sender.signed(&EventBody::push_start(Layout::Nested), key, 1_640_850_110)?;
//! let status = sender.post(url, &body).await?;
//! assert_eq!(status, 200);
//! # Ok(())
//! # }
//! ```
//!
//! Only the (key, `t`) pairs of the table can be signed; add cases with
//! `tests/data/make-callback-vectors.py`.

use std::fmt;
use std::time::Duration;

use serde_json::{json, Map, Value};

/// The vector table, built into the test binary (a clone tests on its own).
const VECTORS_JSON: &str = include_str!("../data/callback-vectors.json");

/// How long the service waits for the receiver's answer before it counts the delivery as failed.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(4);

/// The documented callback key example.
pub const API_EXAMPLE_KEY: &str = "1622194197-0-0-5552*****e4e20387c6dc18afce****";

/// What can go wrong while building or sending a callback.
#[derive(Debug)]
pub enum SenderError {
    /// The vector table cannot be read.
    Vectors(String),
    /// The table has no case for this key and `t` text (the key is not shown).
    NoVector {
        /// Whether the key is in the table at all.
        key_known: bool,
        /// The `t` text asked for.
        t_text: String,
    },
    /// The POST failed (no answer, timeout, ...).
    Http(String),
}

impl fmt::Display for SenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Vectors(reason) => write!(f, "callback vectors unreadable: {reason}"),
            Self::NoVector { key_known, t_text } => write!(
                f,
                "no callback vector for this key (key {}in the table) and t = {t_text:?}",
                if *key_known { "" } else { "not " }
            ),
            Self::Http(reason) => write!(f, "callback POST failed: {reason}"),
        }
    }
}

impl std::error::Error for SenderError {}

/// One case of the table: `sign` = hex MD5 of `key` followed by `t_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vector {
    /// What the case covers, e.g. `api_example_key/t=0`.
    pub name: String,
    /// The callback key.
    pub key: String,
    /// `t`.
    pub t: u64,
    /// The decimal text of `t` that was hashed (as written in the body).
    pub t_text: String,
    /// The expected signature, lower-case hex.
    pub sign: String,
}

/// The vector table.
#[derive(Debug, Clone)]
pub struct Vectors {
    cases: Vec<Vector>,
}

impl Vectors {
    /// Reads the table built into the binary.
    pub fn load() -> Result<Self, SenderError> {
        Self::parse(VECTORS_JSON)
    }

    /// Reads a table from its JSON text.
    pub fn parse(text: &str) -> Result<Self, SenderError> {
        let bad = |what: String| SenderError::Vectors(what);
        let root: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let list = root
            .get("cases")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no `cases` array".into()))?;
        let mut cases = Vec::with_capacity(list.len());
        for (i, case) in list.iter().enumerate() {
            let text = |field: &str| {
                case.get(field)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| bad(format!("case {i}: `{field}` missing or not a string")))
            };
            let t = case
                .get("t")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad(format!("case {i}: `t` missing or not a u64")))?;
            let vector = Vector {
                name: text("name")?,
                key: text("key")?,
                t,
                t_text: text("t_text")?,
                sign: text("sign")?,
            };
            let is_hex = vector.sign.len() == 32
                && vector
                    .sign
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !is_hex || vector.t_text.parse::<u64>().ok() != Some(t) {
                return Err(bad(format!("case {i} ({}) is inconsistent", vector.name)));
            }
            cases.push(vector);
        }
        if cases.is_empty() {
            return Err(bad("no cases".into()));
        }
        Ok(Self { cases })
    }

    /// Every case, in the table's order.
    pub fn cases(&self) -> &[Vector] {
        &self.cases
    }

    /// The signature of `key` and `t_text`, from the table.
    pub fn sign(&self, key: &str, t_text: &str) -> Result<&str, SenderError> {
        self.cases
            .iter()
            .find(|c| c.key == key && c.t_text == t_text)
            .map(|c| c.sign.as_str())
            .ok_or_else(|| SenderError::NoVector {
                key_known: self.cases.iter().any(|c| c.key == key),
                t_text: t_text.to_owned(),
            })
    }

    /// The distinct `t` values the table has for `key`, ascending.
    pub fn times_for(&self, key: &str) -> Vec<u64> {
        let mut times: Vec<u64> = self
            .cases
            .iter()
            .filter(|c| c.key == key && c.t_text == c.t.to_string())
            .map(|c| c.t)
            .collect();
        times.sort_unstable();
        times.dedup();
        times
    }
}

/// The two body layouts the documentation shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `{"code": 0, "message": "ok", "data": {...the event...}}`, as in the examples.
    Nested,
    /// The event's fields at the top level, as the field tables list them.
    Flat,
}

/// How `t` is written in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TForm {
    /// A JSON number (`Int64` in some versions of the docs).
    Number,
    /// A JSON string of the digits (`String` in others).
    String,
}

/// An event to send: its fields (without `sign` and `t`) and how to lay the body out.
#[derive(Debug, Clone, PartialEq)]
pub struct EventBody {
    /// The layout.
    pub layout: Layout,
    /// The event's fields, `event_type` included.
    pub fields: Map<String, Value>,
    /// How `t` is written.
    pub t_form: TForm,
    /// Put `sign` and `t` at the top level of a nested body instead of in `data`.
    pub sign_at_top: bool,
}

impl EventBody {
    /// An event with these fields, `t` as a number, `sign` and `t` beside the fields.
    pub fn new(layout: Layout, fields: Map<String, Value>) -> Self {
        Self {
            layout,
            fields,
            t_form: TForm::Number,
            sign_at_top: false,
        }
    }

    /// The documented push-start example.
    pub fn push_start(layout: Layout) -> Self {
        Self::new(layout, push_start_fields())
    }

    /// The same event with `t` written as a string.
    pub fn with_t_as_string(mut self) -> Self {
        self.t_form = TForm::String;
        self
    }

    /// The same event with `sign` and `t` at the top level of the (nested) body.
    pub fn with_sign_at_top(mut self) -> Self {
        self.sign_at_top = true;
        self
    }

    /// The body as JSON, with this `sign` and `t` (written with `t_text`).
    pub fn to_value(&self, sign: &str, t_text: &str) -> Value {
        let t = match self.t_form {
            TForm::String => Value::String(t_text.to_owned()),
            TForm::Number => match t_text.parse::<u64>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(t_text.to_owned()),
            },
        };
        let mut event = self.fields.clone();
        let mut top = Map::new();
        let auth_target = if self.sign_at_top && self.layout == Layout::Nested {
            &mut top
        } else {
            &mut event
        };
        auth_target.insert("sign".to_owned(), Value::String(sign.to_owned()));
        auth_target.insert("t".to_owned(), t);
        match self.layout {
            Layout::Flat => Value::Object(event),
            Layout::Nested => {
                top.insert("code".to_owned(), json!(0));
                top.insert("message".to_owned(), json!("ok"));
                top.insert("data".to_owned(), Value::Object(event));
                Value::Object(top)
            }
        }
    }
}

/// The push-start fields of the documentation's example (Volcengine doc 6469/1126932).
pub fn push_start_fields() -> Map<String, Value> {
    let value = json!({
        "vhost": "push.example.com",
        "domain": "push.example.com",
        "app": "live",
        "stream": "stream-123456",
        "event_type": "push_start",
        "time": 1_640_849_510u64,
        "time_ms": 1_640_849_510_029u64,
        "transcoded": false,
        "fp_node_ip": "10.10.10.1",
        "fp_client_ip": "10.10.10.2",
        "fp_user_url": "",
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Signs bodies from the vector table and POSTs them.
#[derive(Debug, Clone)]
pub struct CallbackSender {
    vectors: Vectors,
    client: reqwest::Client,
}

impl CallbackSender {
    /// A sender with the built-in table, waiting [`ANSWER_TIMEOUT`] for each answer.
    pub fn new() -> Result<Self, SenderError> {
        let client = crate::local_http_client(ANSWER_TIMEOUT)
            .map_err(|e| SenderError::Http(e.to_string()))?;
        Ok(Self {
            vectors: Vectors::load()?,
            client,
        })
    }

    /// The vector table.
    pub fn vectors(&self) -> &Vectors {
        &self.vectors
    }

    /// The body of `event` signed with `key` for `t` (from the table).
    pub fn signed(&self, event: &EventBody, key: &str, t: u64) -> Result<Vec<u8>, SenderError> {
        self.signed_text(event, key, &t.to_string())
    }

    /// The body of `event` signed with `key` for `t` written as `t_text` (leading zeros, ...).
    pub fn signed_text(
        &self,
        event: &EventBody,
        key: &str,
        t_text: &str,
    ) -> Result<Vec<u8>, SenderError> {
        let sign = self.vectors.sign(key, t_text)?;
        Ok(to_bytes(&event.to_value(sign, t_text)))
    }

    /// The body a sender with authentication off sends: `sign` = `""`, `t` = 0.
    pub fn unsigned(&self, event: &EventBody) -> Vec<u8> {
        to_bytes(&event.to_value("", "0"))
    }

    /// POSTs `body` to `url` with `Content-Type: application/json`, as the service delivers a
    /// callback; the answer's HTTP status (its body is ignored, as the service ignores it).
    pub async fn post(&self, url: &str, body: &[u8]) -> Result<u16, SenderError> {
        let answer = self
            .client
            .post(url)
            .header("Content-Type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| SenderError::Http(e.to_string()))?;
        Ok(answer.status().as_u16())
    }
}

/// A JSON value's bytes (serializing a `Value` cannot fail).
pub fn to_bytes(value: &Value) -> Vec<u8> {
    value.to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_signs() -> Result<(), SenderError> {
        let vectors = Vectors::load()?;
        assert!(vectors.cases().len() >= 40);
        assert_eq!(
            vectors.sign(API_EXAMPLE_KEY, "1640849510")?,
            "1f0218664ecb1c6c18864328684fe3d7"
        );
        assert!(matches!(
            vectors.sign(API_EXAMPLE_KEY, "5"),
            Err(SenderError::NoVector {
                key_known: true,
                ..
            })
        ));
        assert!(vectors.times_for("").contains(&0));
        assert!(Vectors::parse("{}").is_err());
        assert!(Vectors::parse(r#"{"cases":[{"name":"x","key":"k","t":1,"t_text":"2","sign":"00000000000000000000000000000000"}]}"#).is_err());
        Ok(())
    }

    #[test]
    fn layouts() {
        let nested = EventBody::push_start(Layout::Nested).to_value("s", "7");
        assert_eq!(nested["code"], json!(0));
        assert_eq!(nested["data"]["sign"], json!("s"));
        assert_eq!(nested["data"]["t"], json!(7));
        assert_eq!(nested["data"]["stream"], json!("stream-123456"));
        let top = EventBody::push_start(Layout::Nested)
            .with_sign_at_top()
            .with_t_as_string()
            .to_value("s", "7");
        assert_eq!(top["t"], json!("7"));
        assert!(top["data"].get("sign").is_none());
        let flat = EventBody::push_start(Layout::Flat).to_value("s", "7");
        assert_eq!(flat["sign"], json!("s"));
        assert!(flat.get("data").is_none());
    }
}
