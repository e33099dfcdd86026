//! Identifiers and the Rust types of fields.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::EmitError;
use crate::model::{FieldModel, Model, Ty};

/// An identifier; `r#name` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Which form of a type is meant: what requests are built from, or what results decode into
/// (decoded twins of shared shapes; plain `String` for constrained strings, which responses
/// keep as sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Decoded,
}

/// The Rust type of a value of `ty` (without the `Option` of an optional field or the `Box`
/// of a boxed one).
pub fn rust_type(
    model: &Model,
    ty: &Ty,
    sensitive: bool,
    side: Side,
) -> Result<TokenStream, EmitError> {
    Ok(match ty {
        Ty::String if sensitive => quote!(Sensitive<String>),
        Ty::String => quote!(String),
        Ty::Boolean => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Float => quote!(f64),
        Ty::Json => quote!(JsonValue),
        Ty::List(inner) => {
            let inner = rust_type(model, inner, sensitive, side)?;
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = rust_type(model, inner, sensitive, side)?;
            quote!(BTreeMap<String, #inner>)
        }
        Ty::Str(_) if side == Side::Decoded => quote!(String),
        Ty::Shape(_) if side == Side::Decoded => {
            let name = ident(decoded_name(model, ty)?);
            quote!(#name)
        }
        Ty::Enum(_) | Ty::Str(_) | Ty::Shape(_) => {
            let name = ident(type_name(model, ty)?);
            quote!(#name)
        }
    })
}

/// The Rust type a field stores: its value's type, boxed when the field closes a cycle.
pub fn stored_type(
    model: &Model,
    field: &FieldModel,
    side: Side,
) -> Result<TokenStream, EmitError> {
    let ty = rust_type(model, &field.ty, field.sensitive, side)?;
    Ok(if field.boxed { quote!(Box<#ty>) } else { ty })
}

/// The name of a named type.
pub fn type_name<'m>(model: &'m Model, ty: &Ty) -> Result<&'m str, EmitError> {
    model
        .type_name(ty)
        .ok_or_else(|| EmitError::invariant("a field", format!("no named type for {ty:?}")))
}

/// The name of the type a result holds for a shape.
pub fn decoded_name<'m>(model: &'m Model, ty: &Ty) -> Result<&'m str, EmitError> {
    model
        .decoded_name(ty)
        .ok_or_else(|| EmitError::invariant("a field", format!("no decoded type for {ty:?}")))
}
