//! Fluent calls: `client.update_callback().target(t).send().await`. One struct per action,
//! holding a client and the request's builder; its setters are the builder's, `send` builds
//! the request (checking its rules) and sends it.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_paragraphs;
use super::fields::{field_docs, param_and_store, set_docs, set_ident, set_param_and_store};
use super::names::{ident, Side};
use super::uses::Uses;
use super::EmitError;
use crate::model::{ActionModel, Form, Home, Model, Ty};

/// The `{Action}Call` struct of an action.
pub fn call_struct(
    model: &Model,
    action: &ActionModel,
    here: Home,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let input = model
        .shapes
        .get(action.input)
        .ok_or_else(|| EmitError::invariant(&action.name, "the input shape does not exist"))?;
    let Form::Request(form) = &input.form else {
        return Err(EmitError::invariant(
            &action.name,
            "the input shape is not a request struct",
        ));
    };
    uses.add("volc_runtime::CallOptions");
    uses.add("volc_runtime::Error");
    uses.add_type(model, &Ty::Shape(action.input), false, here, Side::Request)?;
    for field in &input.fields {
        uses.add_type(model, &field.ty, field.sensitive, here, Side::Request)?;
    }
    let name = ident(&action.call);
    let request = ident(&input.rust_name);
    let output = ident(&action.output);
    let method = &action.bare;
    let docs = doc_paragraphs([format!(
        "A call of `{}` being prepared: set the request's fields, then [`send`](Self::send) it. Made by [`Client::{method}`](super::Client::{method}).",
        action.name
    )
    .as_str()]);
    let options_docs = doc_paragraphs([
        "Makes this call with these options (read timeout, retry policy, deadline) instead of the client's.",
    ]);
    let Some(builder_name) = form.construction.builder() else {
        // An action without parameters: nothing to set.
        let send_docs = doc_paragraphs([
            "Signs and sends the request.\n\n# Errors\n\nAs the [`Client`](super::Client) docs say.",
        ]);
        return Ok(quote! {
            #docs
            #[derive(Debug, Clone)]
            #[must_use = "a call does nothing until it is sent"]
            pub struct #name {
                client: super::Client,
            }

            impl #name {
                #[inline]
                pub(crate) fn new(client: super::Client) -> Self {
                    Self { client }
                }

                #options_docs
                #[inline]
                pub fn with_options(mut self, options: CallOptions) -> Self {
                    self.client = self.client.with_options(options);
                    self
                }

                #send_docs
                pub async fn send(self) -> Result<#output, Error> {
                    self.client.send(&#request::new()).await
                }
            }
        });
    };
    let builder = ident(builder_name);
    let setters = input
        .fields
        .iter()
        .map(|field| {
            let docs = field_docs(field);
            let field_name = ident(&field.ident);
            let (param, _) = param_and_store(model, field)?;
            let set_name = ident(&set_ident(field));
            let (set_param, _) = set_param_and_store(model, field)?;
            let set_docs = set_docs(field);
            Ok(quote! {
                #docs
                #[inline]
                pub fn #field_name(mut self, #field_name: #param) -> Self {
                    self.request = self.request.#field_name(#field_name);
                    self
                }

                #set_docs
                #[inline]
                pub fn #set_name(mut self, #field_name: #set_param) -> Self {
                    self.request = self.request.#set_name(#field_name);
                    self
                }
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let send_docs = doc_paragraphs([format!(
        "Builds the request, checking its rules (see [`{builder_name}::build`]), then signs and sends it.\n\n# Errors\n\n[`Error::Validation`] when the request breaks a rule (nothing is sent); otherwise as the [`Client`](super::Client) docs say."
    )
    .as_str()]);
    Ok(quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #name {
            client: super::Client,
            request: #builder,
        }

        impl #name {
            #[inline]
            pub(crate) fn new(client: super::Client) -> Self {
                Self {
                    client,
                    request: #request::builder(),
                }
            }

            #(#setters)*

            #options_docs
            #[inline]
            pub fn with_options(mut self, options: CallOptions) -> Self {
                self.client = self.client.with_options(options);
                self
            }

            #send_docs
            pub async fn send(self) -> Result<#output, Error> {
                let request = self.request.build()?;
                self.client.send(&request).await
            }
        }
    })
}
