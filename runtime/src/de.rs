//! Lenient decoding of responses.
//!
//! Servers add fields, drop fields, send `null` for empty lists and, on some pages and actions,
//! send `"true"` or `"10"` where the documentation says Boolean or Integer. A typed client should
//! read all of that rather than fail the whole answer. Generated response types therefore decode
//! every field through [`lenient`], which reads:
//!
//! - `null` as absent (`None`, an empty list or map);
//! - a Boolean from `true`/`false` or the strings `"true"`/`"false"` (any case);
//! - an integer from a JSON integer, a float without a fraction, or a string holding one;
//! - a float from any JSON number or a string holding a finite one;
//! - a string from a string, or from a number (its decimal text);
//! - lists and maps item by item, each item leniently (a `null` list item is left out).
//!
//! What is still wrong after that (an object where a string belongs, a string that is not a
//! number) is an error, which the client reports with the field's path.
//!
//! Types generated from a spec take part by implementing [`Decoded`] (a marker: they decode
//! with their own, already lenient, `Deserialize`). Generated response structs get that
//! `Deserialize` from [`decoded!`](crate::decoded): every field read with [`lenient`], unknown
//! fields ignored, missing ones left at their default.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::sensitive::Sensitive;

/// Decodes `null` as the type's default, as a missing field would be.
///
/// # Errors
///
/// Whatever `T`'s own decoding returns for a value that is not `null`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Decodes any [`Lenient`] type leniently; for `#[serde(deserialize_with = "...")]`.
///
/// # Errors
///
/// When the value cannot be read as `T` even leniently.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    T::deserialize_lenient(deserializer)
}

/// A type that can be decoded leniently; see the [module docs](self).
pub trait Lenient: Sized {
    /// Decodes a value, accepting the forms listed in the module docs.
    ///
    /// # Errors
    ///
    /// When the value cannot be read as `Self` even leniently.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A generated type whose `Deserialize` is lenient already (response structs, enums that keep
/// unknown values): it decodes leniently as it is.
pub trait Decoded: for<'de> Deserialize<'de> {}

impl<T: Decoded> Lenient for T {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer)
    }
}

impl Decoded for serde_json::Value {}

impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;
        impl Visitor<'_> for BoolVisitor {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Boolean, or \"true\" or \"false\"")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                let v = v.trim();
                if v.eq_ignore_ascii_case("true") {
                    Ok(true)
                } else if v.eq_ignore_ascii_case("false") {
                    Ok(false)
                } else {
                    Err(E::invalid_value(de::Unexpected::Other("a string"), &self))
                }
            }
        }
        deserializer.deserialize_any(BoolVisitor)
    }
}

impl Lenient for i64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// Reads a 64-bit signed integer from a JSON integer, a whole float, or a string holding one.
struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 64-bit integer, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Other("a larger integer"), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // 2^63 is exactly representable; every whole float below it in magnitude fits.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(
                de::Unexpected::Other("a fractional or out-of-range number"),
                &self,
            ))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Other("a string"), &self))
    }
}

/// Reads an integer the way [`Lenient`] does for `i64`: for generated integer enums.
///
/// # Errors
///
/// When the value is neither an integer nor a string holding one.
pub fn lenient_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(IntegerVisitor)
}

impl Lenient for f64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FloatVisitor;
        impl Visitor<'_> for FloatVisitor {
            type Value = f64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a string holding one")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
                Ok(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
                match v.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok(n),
                    _ => Err(E::invalid_value(de::Unexpected::Other("a string"), &self)),
                }
            }
        }
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl Visitor<'_> for StringVisitor {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        deserializer.deserialize_any(StringVisitor)
    }
}

/// Reads a string the way [`Lenient`] does: for generated string enums.
///
/// # Errors
///
/// When the value is neither a string nor a number.
pub fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize_lenient(deserializer)
}

impl<T: Lenient> Lenient for Sensitive<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(deserializer).map(Sensitive::new)
    }
}

/// Recursive shapes hold themselves in a `Box`.
impl<T: Decoded> Decoded for Box<T> {}

/// Decodes one `T` leniently where serde wants a seed (list items, map values, `Some`, the
/// fields of a [`decoded!`](crate::decoded) struct).
pub struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    /// A seed for `T`.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Reads a map key and finds it among the known field names, without allocating: the name as
/// listed, or `None` for a key the struct does not know. For [`decoded!`](crate::decoded).
pub struct KnownKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KnownKey {
    type Value = Option<&'static str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KnownKey {
    type Value = Option<&'static str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().find(|name| **name == v).copied())
    }
}

/// Implements the lenient `Deserialize` of a generated response struct,
/// `decoded!(Name, field("WireName"), ...)`: a JSON object whose keys are the listed wire names, each value read with [`lenient`] into its field, unknown keys
/// ignored, missing ones left at `Default`. `null` in place of the object is an error (callers
/// hold such structs in an `Option`, a list that skips `null`, or [`null_as_default`]).
///
/// ```
/// #[derive(Debug, Default, PartialEq)]
/// pub struct Config {
///     pub app: Option<String>,
///     pub auth_enable: Option<bool>,
///     pub hosts: Vec<String>,
/// }
///
/// volc_runtime::decoded!(Config, app("App"), auth_enable("AuthEnable"), hosts("Hosts"));
///
/// let config: Config = serde_json::from_str(r#"{"AuthEnable": "true", "Hosts": null, "New": 1}"#)?;
/// assert_eq!(config, Config { app: None, auth_enable: Some(true), hosts: vec![] });
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! decoded {
    // No fields: any object will do.
    ($name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                <$crate::__private::serde::de::IgnoredAny as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Ok(<$name as ::core::default::Default>::default())
            }
        }

        impl $crate::de::Decoded for $name {}
    };
    ($name:ident, $($field:ident($wire:literal)),+ $(,)?) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                struct Fields;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }
                    fn visit_map<A>(self, mut map: A) -> ::core::result::Result<$name, A::Error>
                    where
                        A: $crate::__private::serde::de::MapAccess<'de>,
                    {
                        const NAMES: &[&str] = &[$($wire),+];
                        let mut value = <$name as ::core::default::Default>::default();
                        while let Some(key) = map.next_key_seed($crate::de::KnownKey(NAMES))? {
                            match key {
                                $(Some($wire) => value.$field = map.next_value_seed($crate::de::Seed::new())?,)+
                                _ => {
                                    map.next_value::<$crate::__private::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(value)
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }

        impl $crate::de::Decoded for $name {}
    };
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::deserialize_lenient(d).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for ListVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // The hint comes from the server; cap what is reserved up front.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                // A `null` item says nothing: it is left out.
                while let Some(item) = seq.next_element_seed(Seed::<Option<T>>(PhantomData))? {
                    items.extend(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(BTreeMap::new())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value_seed(Seed(PhantomData))?;
                    out.insert(key, value);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_any(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T: Lenient>(value: serde_json::Value) -> Result<T, serde_json::Error> {
        T::deserialize_lenient(value)
    }

    #[test]
    fn scalars_from_their_string_forms() -> Result<(), serde_json::Error> {
        assert!(read::<bool>(json!("false")).is_ok_and(|b| !b));
        assert!(read::<bool>(json!(" TRUE "))?);
        assert!(read::<bool>(json!("yes")).is_err());
        assert_eq!(read::<i64>(json!("10"))?, 10);
        assert_eq!(read::<i64>(json!(-3))?, -3);
        assert_eq!(read::<i64>(json!(1e3))?, 1000);
        assert!(read::<i64>(json!(0.5)).is_err());
        assert!(read::<i64>(json!(u64::MAX)).is_err());
        assert!(read::<i64>(json!("ten")).is_err());
        assert_eq!(read::<f64>(json!("-0.5"))?, -0.5);
        assert_eq!(read::<f64>(json!(7))?, 7.0);
        assert!(read::<f64>(json!("NaN")).is_err());
        assert_eq!(read::<String>(json!(12))?, "12");
        assert!(read::<String>(json!({"a": 1})).is_err());
        Ok(())
    }

    #[test]
    fn containers_are_lenient_inside() -> Result<(), serde_json::Error> {
        assert_eq!(read::<Vec<i64>>(json!(null))?, Vec::<i64>::new());
        assert_eq!(read::<Vec<i64>>(json!(["1", 2]))?, vec![1, 2]);
        assert_eq!(read::<Vec<i64>>(json!([null, 3, null]))?, vec![3]);
        assert_eq!(read::<Option<bool>>(json!(null))?, None);
        assert_eq!(read::<Option<bool>>(json!("true"))?, Some(true));
        let map = read::<BTreeMap<String, Vec<f64>>>(json!({"b": ["1.5"], "a": null}))?;
        assert_eq!(map.get("b"), Some(&vec![1.5]));
        assert_eq!(map.get("a"), Some(&Vec::new()));
        assert!(read::<Vec<i64>>(json!({"not": "a list"})).is_err());
        let value = read::<serde_json::Value>(json!({"any": [1, "x"]}))?;
        assert_eq!(value, json!({"any": [1, "x"]}));
        Ok(())
    }
}
