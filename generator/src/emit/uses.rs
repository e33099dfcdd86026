//! The `use` lines of one generated module, recorded as items are emitted so that a module
//! imports exactly what it uses.
//!
//! Paths into the generated crate are relative (`super::types::X`), so that the same items
//! work at the root of a crate and inside a module a build script's output is included in.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::modules::any_feature;
use super::names::{decoded_name, ident, type_name, Side};
use super::EmitError;
use crate::model::{Home, Model, Ty};

/// The first segment of runtime paths as they are recorded.
const RUNTIME: &str = "volc_runtime";

/// What one module uses, by full path.
#[derive(Debug, Default)]
pub struct Uses {
    paths: BTreeSet<String>,
    /// Paths only items under a cargo feature use (a path into an action's module, when the
    /// service has one feature per action, or what a conversion from such a module needs),
    /// with the features: each is imported under its own `#[cfg]`, unless `paths` has it.
    gated: BTreeMap<String, BTreeSet<String>>,
}

impl Uses {
    /// Records a path such as `serde::Serialize` or `volc_runtime::Sensitive`.
    pub fn add(&mut self, path: &str) {
        if !self.paths.contains(path) {
            self.paths.insert(path.to_owned());
        }
    }

    /// Records what `ty` needs imported in the module `here`: named types of other modules,
    /// `Sensitive`, `BTreeMap`, `JsonValue`.
    pub fn add_type(
        &mut self,
        model: &Model,
        ty: &Ty,
        sensitive: bool,
        here: Home,
        side: Side,
    ) -> Result<(), EmitError> {
        match ty {
            Ty::List(inner) => self.add_type(model, inner, sensitive, here, side)?,
            Ty::Map(inner) => {
                self.add("std::collections::BTreeMap");
                self.add_type(model, inner, sensitive, here, side)?;
            }
            Ty::String if sensitive => self.add("volc_runtime::Sensitive"),
            Ty::Json => self.add("volc_runtime::JsonValue"),
            Ty::String | Ty::Boolean | Ty::Integer | Ty::Float => {}
            Ty::Str(_) if side == Side::Decoded => {}
            Ty::Enum(_) | Ty::Str(_) | Ty::Shape(_) => {
                let home = model.home_of(ty);
                if home != here {
                    let module = model.module_of(home);
                    let name = match side {
                        Side::Request => type_name(model, ty)?,
                        Side::Decoded => match ty {
                            Ty::Shape(_) => decoded_name(model, ty)?,
                            _ => type_name(model, ty)?,
                        },
                    };
                    let path = format!("super::{module}::{name}");
                    match model.feature_of(home) {
                        Some(feature) => {
                            self.gated
                                .entry(path)
                                .or_default()
                                .insert(feature.to_owned());
                        }
                        None => self.add(&path),
                    }
                }
            }
        }
        Ok(())
    }

    /// Records what `other` (the uses of an item compiled with any of `features`) imports, as
    /// imports under those features.
    pub fn merge_gated_any(&mut self, other: Uses, features: &[String]) {
        for path in other.paths {
            self.gated
                .entry(path)
                .or_default()
                .extend(features.iter().cloned());
        }
        for (path, more) in other.gated {
            self.gated.entry(path).or_default().extend(more);
        }
    }

    /// The `use` items, one per path prefix: external crates, then this crate's modules.
    /// Paths recorded as `volc_runtime::...` are written through `runtime`, the path the
    /// generated code reaches the runtime crate by.
    pub fn to_tokens(&self, runtime: &TokenStream) -> TokenStream {
        let mut groups: BTreeMap<(u8, &str), Vec<&str>> = BTreeMap::new();
        for path in &self.paths {
            let (prefix, last) = path.rsplit_once("::").unwrap_or(("", path));
            let order = if prefix.starts_with("std") {
                0
            } else if prefix.starts_with("super") {
                2
            } else {
                1
            };
            groups.entry((order, prefix)).or_default().push(last);
        }
        let items = groups.into_iter().map(|((_, prefix), items)| {
            let prefix = path_tokens(prefix, runtime);
            let items: Vec<_> = items.iter().map(|i| ident(i)).collect();
            if items.len() == 1 {
                quote!(use #prefix:: #(#items)*;)
            } else {
                quote!(use #prefix::{ #(#items),* };)
            }
        });
        let gated = self
            .gated
            .iter()
            .filter(|(path, _)| !self.paths.contains(*path))
            .map(|(path, features)| {
                let cfg = any_feature(features);
                let path = path_tokens(path, runtime);
                quote!(#cfg use #path;)
            });
        quote!(#(#items)* #(#gated)*)
    }
}

/// A recorded path as tokens, its runtime prefix written through `runtime`.
fn path_tokens(path: &str, runtime: &TokenStream) -> TokenStream {
    let mut segments = path.split("::");
    let first = match segments.next() {
        Some(RUNTIME) => runtime.clone(),
        Some(first) => {
            let first = ident(first);
            quote!(#first)
        }
        None => quote!(),
    };
    let rest = segments.map(ident);
    quote!(#first #(::#rest)*)
}
