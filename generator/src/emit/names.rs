//! Identifiers and paths used across the emitter.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Model, Ty};

/// An identifier; `r#name` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a field's value.
pub fn rust_type(model: &Model, ty: &Ty, sensitive: bool) -> TokenStream {
    match ty {
        Ty::String if sensitive => quote!(Sensitive<String>),
        Ty::String => quote!(String),
        Ty::Boolean => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::List(inner) => {
            let inner = rust_type(model, inner, sensitive);
            quote!(Vec<#inner>)
        }
        Ty::Enum(_) | Ty::Str(_) | Ty::Shape(_) => {
            let name = ident(type_name(model, ty).unwrap_or_default());
            quote!(#name)
        }
    }
}

/// The name of a named type; `None` for primitives and lists.
pub fn type_name<'m>(model: &'m Model, ty: &Ty) -> Option<&'m str> {
    match ty {
        Ty::Enum(i) => model.enums.get(*i).map(|e| e.name.as_str()),
        Ty::Str(i) => model.strings.get(*i).map(|s| s.name.as_str()),
        Ty::Shape(i) => model.shapes.get(*i).map(|s| s.name.as_str()),
        Ty::String | Ty::Boolean | Ty::Integer | Ty::List(_) => None,
    }
}

/// The snake_case function name for an UpperCamelCase name, keywords escaped.
pub fn snake_ident(name: &str) -> Ident {
    ident(&crate::check::field_ident(name))
}
