//! Other formats a spec can be exported to, for tools that do not read the spec format.
//!
//! - [`openapi()`]: an OpenAPI 3.0.3 document of the service (`volc-codegen export openapi`),
//!   with what OpenAPI cannot say (the real request line, signing, cross-field rules) stated in
//!   the document and in `x-volc-*` extensions.

pub mod openapi;

pub use openapi::openapi;
