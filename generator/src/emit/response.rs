//! Response structs: public optional fields, decoded leniently, `#[non_exhaustive]`.

use proc_macro2::TokenStream;
use quote::quote;

use super::fields::{field_docs, rename, serde_attr, shape_docs};
use super::names::{ident, rust_type};
use super::uses::Uses;
use super::EmitError;
use crate::model::{Model, ShapeModel};

/// A struct decoded from responses: every field may be missing (lists default to empty),
/// unknown fields are ignored, `null` reads as missing.
pub fn response_struct(
    model: &Model,
    shape: &ShapeModel,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let name = ident(&shape.name);
    uses.add("serde::Deserialize");
    let fields = shape
        .fields
        .iter()
        .map(|field| {
            let docs = field_docs(field);
            let field_name = ident(&field.ident);
            let ty = rust_type(model, &field.ty, field.sensitive)?;
            Ok(if field.ty.is_list() {
                uses.add("volc_runtime::de::null_as_default");
                let attr = serde_attr(rename(field).into_iter().chain([
                    quote!(default),
                    quote!(deserialize_with = "null_as_default"),
                ]));
                quote! {
                    #docs
                    #attr
                    pub #field_name: #ty
                }
            } else {
                let attr = serde_attr(rename(field));
                quote! {
                    #docs
                    #attr
                    pub #field_name: Option<#ty>
                }
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let docs = shape_docs(shape, &["Decoded leniently: every field may be missing, and fields this crate does not know are ignored.".to_owned()]);
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }
    })
}
