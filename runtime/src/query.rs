//! The query encoding of a `GET` action's request: a small serde `Serializer`.
//!
//! Each field becomes a query parameter named by its wire name: strings as they are, integers
//! in decimal, floats in plain decimal (Rust's `{}`: `1000`, `-0.5`; never an exponent),
//! Booleans `true`/`false`, a list the same key once per item in list order, an absent
//! optional field nothing. A nested object, a map or a list inside a list has no documented
//! encoding and is an error (the generator refuses such specs).

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

/// Why a request cannot be written as a query.
#[derive(Debug)]
pub(crate) struct QueryError(String);

impl Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<T: Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

fn unsupported(what: &str) -> QueryError {
    QueryError(format!(
        "a query-string request holds {what}, which has no query encoding (only scalars and lists of scalars)"
    ))
}

/// The request's fields as `(key, value)` pairs, in field order.
pub(crate) fn to_pairs<T: Serialize + ?Sized>(
    request: &T,
) -> Result<Vec<(String, String)>, QueryError> {
    let mut pairs = Vec::new();
    request.serialize(TopLevel { pairs: &mut pairs })?;
    Ok(pairs)
}

/// The request itself: a struct (or a map with string keys, as `#[serde(flatten)]` makes), or
/// nothing at all.
struct TopLevel<'p> {
    pairs: &'p mut Vec<(String, String)>,
}

macro_rules! top_level_refuses {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), QueryError> {
            Err(QueryError("a query-string request must be a struct of fields".to_owned()))
        })*
    };
}

impl<'p> ser::Serializer for TopLevel<'p> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Impossible<(), QueryError>;
    type SerializeTuple = Impossible<(), QueryError>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Fields<'p>;
    type SerializeStruct = Fields<'p>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    top_level_refuses!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        Err(unsupported("an enum variant with data"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        Err(QueryError(
            "a query-string request must be a struct of fields".to_owned(),
        ))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        Err(QueryError(
            "a query-string request must be a struct of fields".to_owned(),
        ))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        Err(QueryError(
            "a query-string request must be a struct of fields".to_owned(),
        ))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(unsupported("an enum variant with data"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        Ok(Fields {
            pairs: self.pairs,
            key: None,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Ok(Fields {
            pairs: self.pairs,
            key: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(unsupported("an enum variant with fields"))
    }
}

/// The fields of the request.
struct Fields<'p> {
    pairs: &'p mut Vec<(String, String)>,
    key: Option<String>,
}

impl Fields<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), QueryError> {
        value.serialize(FieldValue {
            key,
            pairs: self.pairs,
        })
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        let mut text = None;
        key.serialize(Scalar { out: &mut text })?;
        self.key = Some(text.ok_or_else(|| unsupported("a map key that is not a string"))?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| QueryError("a map value without a key".to_owned()))?;
        self.field(&key, value)
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// One field's value: a scalar (one pair), a list of scalars (one pair per item) or nothing.
struct FieldValue<'k, 'p> {
    key: &'k str,
    pairs: &'p mut Vec<(String, String)>,
}

impl FieldValue<'_, '_> {
    fn scalar<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        let mut text = None;
        value.serialize(Scalar { out: &mut text })?;
        if let Some(text) = text {
            self.pairs.push((self.key.to_owned(), text));
        }
        Ok(())
    }

    fn nested(&self, what: &str) -> QueryError {
        QueryError(format!(
            "field `{}` of a query-string request is {what}, which has no query encoding (only scalars and lists of scalars)",
            self.key
        ))
    }
}

macro_rules! scalar_methods {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), QueryError> {
            self.scalar(&v)
        })*
    };
}

impl<'k, 'p> ser::Serializer for FieldValue<'k, 'p> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Items<'k, 'p>;
    type SerializeTuple = Items<'k, 'p>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Impossible<(), QueryError>;
    type SerializeStruct = Impossible<(), QueryError>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    scalar_methods!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
    );

    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        Err(self.nested("raw bytes"))
    }

    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.scalar(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        Err(self.nested("an enum variant with data"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        Ok(Items {
            key: self.key,
            pairs: self.pairs,
        })
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        Ok(Items {
            key: self.key,
            pairs: self.pairs,
        })
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        Err(self.nested("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(self.nested("an enum variant with data"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        Err(self.nested("a map or a free-form JSON object"))
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Err(self.nested("a nested object"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(self.nested("an enum variant with fields"))
    }
}

/// The items of a list field: each a scalar, one pair per item.
struct Items<'k, 'p> {
    key: &'k str,
    pairs: &'p mut Vec<(String, String)>,
}

impl Items<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        let mut text = None;
        value.serialize(Scalar { out: &mut text }).map_err(|_| {
            QueryError(format!(
                "field `{}` of a query-string request is a list whose items are not scalars, which has no query encoding",
                self.key
            ))
        })?;
        if let Some(text) = text {
            self.pairs.push((self.key.to_owned(), text));
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Items<'_, '_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.item(value)
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_, '_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.item(value)
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// A scalar's text; `None` for an absent value.
struct Scalar<'o> {
    out: &'o mut Option<String>,
}

impl Scalar<'_> {
    fn text(self, text: String) -> Result<(), QueryError> {
        *self.out = Some(text);
        Ok(())
    }
}

macro_rules! display_methods {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), QueryError> {
            self.text(v.to_string())
        })*
    };
}

fn not_scalar() -> QueryError {
    QueryError("not a scalar".to_owned())
}

impl ser::Serializer for Scalar<'_> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Impossible<(), QueryError>;
    type SerializeTuple = Impossible<(), QueryError>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Impossible<(), QueryError>;
    type SerializeStruct = Impossible<(), QueryError>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    display_methods!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_char(char),
    );

    fn serialize_f32(self, v: f32) -> Result<(), QueryError> {
        if !v.is_finite() {
            return Err(QueryError(
                "a query-string request holds a float that is not finite (NaN or infinite)"
                    .to_owned(),
            ));
        }
        self.text(v.to_string())
    }

    fn serialize_f64(self, v: f64) -> Result<(), QueryError> {
        if !v.is_finite() {
            return Err(QueryError(
                "a query-string request holds a float that is not finite (NaN or infinite)"
                    .to_owned(),
            ));
        }
        // `{}` never writes an exponent: 1e21 is written out in full.
        self.text(v.to_string())
    }

    fn serialize_str(self, v: &str) -> Result<(), QueryError> {
        self.text(v.to_owned())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        Err(not_scalar())
    }

    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.text(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        Err(not_scalar())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        Err(not_scalar())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        Err(not_scalar())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        Err(not_scalar())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(not_scalar())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        Err(not_scalar())
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Err(not_scalar())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(not_scalar())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Every {
        name: &'static str,
        count: u32,
        offset: i64,
        ratio: f64,
        whole: f64,
        huge: f64,
        on: bool,
        tags: Vec<&'static str>,
        ids: Vec<u8>,
        missing: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        present: Option<f32>,
        kind: Kind,
    }

    #[derive(Serialize)]
    enum Kind {
        #[serde(rename = "push")]
        Push,
    }

    #[test]
    fn every_scalar_kind_and_lists() -> Result<(), QueryError> {
        let pairs = to_pairs(&Every {
            name: "a b&c=直",
            count: 1000,
            offset: -7,
            ratio: -0.5,
            whole: 1000.0,
            huge: 1e21,
            on: true,
            tags: vec!["z", "a"],
            ids: vec![3, 1],
            missing: None,
            skipped: None,
            present: Some(0.25),
            kind: Kind::Push,
        })?;
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Name", "a b&c=直"),
                ("Count", "1000"),
                ("Offset", "-7"),
                ("Ratio", "-0.5"),
                ("Whole", "1000"),
                ("Huge", "1000000000000000000000"),
                ("On", "true"),
                ("Tags", "z"),
                ("Tags", "a"),
                ("Ids", "3"),
                ("Ids", "1"),
                ("Present", "0.25"),
                ("Kind", "push"),
            ]
        );
        Ok(())
    }

    #[test]
    fn nested_values_are_refused_with_the_field_name() {
        #[derive(Serialize)]
        struct Inner {
            a: u8,
        }
        #[derive(Serialize)]
        struct Nested {
            #[serde(rename = "Inner")]
            inner: Inner,
        }
        #[derive(Serialize)]
        struct WithMap {
            #[serde(rename = "Labels")]
            labels: BTreeMap<&'static str, u8>,
        }
        #[derive(Serialize)]
        struct ListOfLists {
            #[serde(rename = "Grid")]
            grid: Vec<Vec<u8>>,
        }
        #[derive(Serialize)]
        struct Free {
            #[serde(rename = "Any")]
            any: serde_json::Value,
        }
        let cases = [
            to_pairs(&Nested {
                inner: Inner { a: 1 },
            }),
            to_pairs(&WithMap {
                labels: BTreeMap::from([("k", 1)]),
            }),
            to_pairs(&ListOfLists {
                grid: vec![vec![1]],
            }),
            to_pairs(&Free {
                any: serde_json::json!({"k": 1}),
            }),
        ];
        for (case, field) in cases.into_iter().zip(["Inner", "Labels", "Grid", "Any"]) {
            match case {
                Ok(pairs) => panic!("{field} accepted: {pairs:?}"),
                Err(e) => assert!(e.to_string().contains(field), "{e}"),
            }
        }
        assert!(to_pairs(&f64::NAN).is_err());
        #[derive(Serialize)]
        struct NotFinite {
            x: f64,
        }
        assert!(to_pairs(&NotFinite { x: f64::INFINITY }).is_err());
    }

    #[test]
    fn unit_and_flattened_maps() -> Result<(), QueryError> {
        #[derive(Serialize)]
        struct NoParams {}
        assert!(to_pairs(&NoParams {})?.is_empty());
        assert!(to_pairs(&())?.is_empty());
        #[derive(Serialize)]
        struct Target {
            #[serde(rename = "Vhost")]
            vhost: &'static str,
        }
        #[derive(Serialize)]
        struct Flat {
            #[serde(flatten)]
            target: Target,
            #[serde(rename = "PageSize")]
            page_size: u16,
        }
        let pairs = to_pairs(&Flat {
            target: Target { vhost: "v" },
            page_size: 20,
        })?;
        assert_eq!(
            pairs,
            [
                ("Vhost".to_owned(), "v".to_owned()),
                ("PageSize".to_owned(), "20".to_owned())
            ]
        );
        Ok(())
    }
}
