//! Identifiers and the Rust types of fields.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::EmitError;
use crate::model::{Model, Ty};

/// An identifier; `r#name` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a field's value (without the `Option` of an optional field).
pub fn rust_type(model: &Model, ty: &Ty, sensitive: bool) -> Result<TokenStream, EmitError> {
    Ok(match ty {
        Ty::String if sensitive => quote!(Sensitive<String>),
        Ty::String => quote!(String),
        Ty::Boolean => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::List(inner) => {
            let inner = rust_type(model, inner, sensitive)?;
            quote!(Vec<#inner>)
        }
        Ty::Enum(_) | Ty::Str(_) | Ty::Shape(_) => {
            let name = ident(type_name(model, ty)?);
            quote!(#name)
        }
    })
}

/// The name of a named type.
pub fn type_name<'m>(model: &'m Model, ty: &Ty) -> Result<&'m str, EmitError> {
    model
        .type_name(ty)
        .ok_or_else(|| EmitError::invariant("a field", format!("no named type for {ty:?}")))
}
