//! Enums and constrained string types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{bilingual, doc_paragraphs};
use super::names::ident;
use crate::model::{EnumKind, EnumModel, StringModel, WireValue};

/// An enum that keeps values it does not know in an `Unknown` variant.
pub fn enumeration(e: &EnumModel) -> TokenStream {
    let name = ident(&e.name);
    let docs = bilingual(&e.docs, &[]);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.values.iter().map(|v| {
        let wire = match &v.wire {
            WireValue::String(s) => format!("`{s}`"),
            WireValue::Integer(n) => format!("`{n}`"),
        };
        bilingual(&v.docs, &[format!("Wire value: {wire}.")])
    });
    let (unknown_ty, derive_copy, wire_fn) = match e.kind {
        EnumKind::String => (quote!(String), quote!(), string_enum_fns(e)),
        EnumKind::Integer => (quote!(i64), quote!(Copy,), integer_enum_fns(e)),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the crate does not know, kept as the server sent it.
            Unknown(#unknown_ty),
        }

        #wire_fn
    }
}

fn string_enum_fns(e: &EnumModel) -> TokenStream {
    let name = ident(&e.name);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<_> = e
        .values
        .iter()
        .map(|v| match &v.wire {
            WireValue::String(s) => Literal::string(s),
            WireValue::Integer(n) => Literal::string(&n.to_string()),
        })
        .collect();
    let serialize = e.usage.input.then(|| {
        quote! {
            impl Serialize for #name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        }
    });
    let deserialize = e.usage.output.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    String::deserialize(deserializer).map(|value| Self::from(value.as_str()))
                }
            }
        }
    });
    quote! {
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serialize
        #deserialize
    }
}

fn integer_enum_fns(e: &EnumModel) -> TokenStream {
    let name = ident(&e.name);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<_> = e
        .values
        .iter()
        .map(|v| match &v.wire {
            WireValue::Integer(n) => Literal::i64_unsuffixed(*n),
            WireValue::String(_) => Literal::i64_unsuffixed(0),
        })
        .collect();
    let serialize = e.usage.input.then(|| {
        quote! {
            impl Serialize for #name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        }
    });
    let deserialize = e.usage.output.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    i64::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    quote! {
        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other),
                }
            }
        }

        #serialize
        #deserialize
    }
}

/// A newtype that can only hold a string meeting the type's constraints.
pub fn string_type(s: &StringModel) -> TokenStream {
    let name = ident(&s.name);
    let type_name = &s.name;
    let mut extra = Vec::new();
    match (s.min_length, s.max_length) {
        (Some(min), Some(max)) => extra.push(format!("Length: {min} to {max} characters.")),
        (Some(min), None) => extra.push(format!("Length: at least {min} characters.")),
        (None, Some(max)) => extra.push(format!("Length: at most {max} characters.")),
        (None, None) => {}
    }
    if let Some((pattern, _)) = &s.pattern {
        extra.push(format!("Pattern: `{pattern}`."));
    }
    if let Some(example) = &s.example {
        extra.push(format!("Example: `{example}`."));
    }
    let docs = bilingual(&s.docs, &extra);

    let length_check = (s.min_length.is_some() || s.max_length.is_some()).then(|| {
        let min = s.min_length.unwrap_or(0) as usize;
        let max = s.max_length.map_or(quote!(usize::MAX), |m| {
            let m = m as usize;
            quote!(#m)
        });
        quote! {
            let actual = value.chars().count();
            if !(#min..=#max).contains(&actual) {
                return Err(ValidationError::Length {
                    type_name: #type_name,
                    value,
                    min: #min,
                    max: #max,
                    actual,
                });
            }
        }
    });
    let pattern_check = s.pattern.as_ref().map(|(pattern, ranges)| {
        let arms = ranges.iter().map(|(start, end)| {
            if start == end {
                quote!(#start)
            } else {
                quote!(#start..=#end)
            }
        });
        quote! {
            if let Some(invalid) = value.chars().find(|c| !matches!(c, #(#arms)|*)) {
                return Err(ValidationError::Pattern {
                    type_name: #type_name,
                    value,
                    pattern: #pattern,
                    invalid,
                });
            }
        }
    });
    let new_docs = doc_paragraphs([
        format!("Checks `value` and wraps it.\n\n# Errors\n\n[`ValidationError::Length`] or [`ValidationError::Pattern`] when `value` is not a valid `{type_name}`.").as_str(),
    ]);
    let try_from = s.usage.output.then(|| {
        quote! {
            impl TryFrom<String> for #name {
                type Error = ValidationError;

                fn try_from(value: String) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }
        }
    });
    let serde_attr = s
        .usage
        .output
        .then(|| quote!(#[serde(try_from = "String")]));
    let derives = match (s.usage.input, s.usage.output) {
        (true, true) => quote!(Serialize, Deserialize),
        (true, false) => quote!(Serialize),
        (false, true) => quote!(Deserialize),
        (false, false) => quote!(),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derives)]
        #serde_attr
        pub struct #name(String);

        impl #name {
            #new_docs
            pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
                let value = value.into();
                #length_check
                #pattern_check
                Ok(Self(value))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for #name {
            type Err = ValidationError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        #try_from
    }
}
