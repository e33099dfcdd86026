//! What results decode into: response structs (shapes only results reach) and the decoded
//! twins of shapes that requests use too. Public optional fields, `#[non_exhaustive]`, and a
//! `Deserialize` from the runtime's `decoded!` that reads every field leniently: missing or
//! `null` is absent, Booleans and numbers may arrive as strings, unknown fields are ignored.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_paragraphs;
use super::fields::{field_docs, shape_docs};
use super::names::{ident, stored_type, Side};
use super::uses::Uses;
use super::EmitError;
use crate::model::{Model, ShapeModel, Ty};

/// A shape that only results reach.
pub fn response_struct(
    model: &Model,
    shape: &ShapeModel,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let mut extra = vec!["Decoded leniently: every field may be missing, and fields this crate does not know are ignored.".to_owned()];
    extra.extend(conversions_line(model, shape));
    let docs = shape_docs(shape, &extra);
    lenient_struct(model, shape, &shape.rust_name, docs, uses)
}

/// The form of a shape that requests use too, as results carry it: the same fields, every one
/// optional, constrained strings as sent.
pub fn decoded_struct(
    model: &Model,
    shape: &ShapeModel,
    name: &str,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let docs = doc_paragraphs([format!(
        "[`{}`] as results carry it: decoded leniently, every field may be missing (a response is read even when the server leaves out what a request must send), and fields this crate does not know are ignored.",
        shape.rust_name
    )
    .as_str()]);
    lenient_struct(model, shape, name, docs, uses)
}

/// The sentence naming what a value converts into, for read-modify-write.
fn conversions_line(model: &Model, shape: &ShapeModel) -> Option<String> {
    let builders: Vec<String> = shape
        .into
        .iter()
        .filter_map(|i| model.shapes.get(*i))
        .filter_map(|target| match &target.form {
            crate::model::Form::Request(form) => form.construction.builder().map(str::to_owned),
            _ => None,
        })
        .map(|builder| format!("`{builder}::try_from(&value)`"))
        .collect();
    (!builders.is_empty()).then(|| {
        format!(
            "For read-modify-write, {} makes the request's builder from it.",
            builders.join(" or ")
        )
    })
}

fn lenient_struct(
    model: &Model,
    shape: &ShapeModel,
    name: &str,
    docs: TokenStream,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let name = ident(name);
    uses.add("volc_runtime::decoded");
    let fields = shape
        .fields
        .iter()
        .map(|field| {
            let docs = field_docs(field);
            let field_name = ident(&field.ident);
            let ty = stored_type(model, field, Side::Decoded)?;
            let ty = if field.ty.is_list() || matches!(field.ty, Ty::Map(_)) {
                ty
            } else {
                quote!(Option<#ty>)
            };
            Ok(quote! {
                #docs
                pub #field_name: #ty
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    // The wire name of every field, for the `Deserialize` impl.
    let wires = shape.fields.iter().map(|field| {
        let field_name = ident(&field.ident);
        let wire = &field.wire;
        quote!(, #field_name(#wire))
    });
    let eq = shape.eq.then(|| quote!(Eq,));
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq, #eq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }

        decoded!(#name #(#wires)*);
    })
}
