//! The `use` lines of one generated module, recorded as items are emitted so that a module
//! imports exactly what it uses.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{ident, type_name};
use crate::model::{Home, Model, Ty};

/// What one module uses, by full path.
#[derive(Debug, Default)]
pub struct Uses {
    paths: BTreeSet<String>,
}

impl Uses {
    /// Records a path such as `serde::Serialize` or `volc_runtime::Sensitive`.
    pub fn add(&mut self, path: &str) {
        self.paths.insert(path.to_owned());
    }

    /// Records the named types inside `ty` that live in another module than `here`.
    pub fn add_type(&mut self, model: &Model, ty: &Ty, sensitive: bool, here: Home) {
        match ty {
            Ty::List(inner) => self.add_type(model, inner, sensitive, here),
            Ty::String if sensitive => self.add("volc_runtime::Sensitive"),
            Ty::String | Ty::Boolean | Ty::Integer => {}
            Ty::Enum(_) | Ty::Str(_) => {
                if here != Home::Types {
                    self.add_named(model, ty);
                }
            }
            Ty::Shape(s) => {
                let home = model.shapes.get(*s).map_or(Home::Types, |s| s.home);
                if home != here {
                    self.add_named(model, ty);
                }
            }
        }
    }

    fn add_named(&mut self, model: &Model, ty: &Ty) {
        let module = match ty {
            Ty::Shape(s) => match model.shapes.get(*s).map(|s| s.home) {
                Some(Home::Action(a)) => model.actions.get(a).map_or("types", |a| a.snake.as_str()),
                _ => "types",
            },
            _ => "types",
        };
        if let Some(name) = type_name(model, ty) {
            self.add(&format!("crate::{module}::{name}"));
        }
    }

    /// The `use` items, grouped std, external, crate.
    pub fn to_tokens(&self) -> TokenStream {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        let order = |path: &str| -> u8 {
            if path.starts_with("std::") {
                0
            } else if path.starts_with("crate::") {
                2
            } else {
                1
            }
        };
        let mut sorted: Vec<&String> = self.paths.iter().collect();
        sorted.sort_by(|a, b| (order(a), a.as_str()).cmp(&(order(b), b.as_str())));
        for path in sorted {
            let (prefix, last) = path.rsplit_once("::").unwrap_or(("", path));
            match groups.last_mut() {
                Some((p, items)) if p == prefix => items.push(last.to_owned()),
                _ => groups.push((prefix.to_owned(), vec![last.to_owned()])),
            }
        }
        let items = groups.into_iter().map(|(prefix, items)| {
            let prefix: Vec<_> = prefix.split("::").map(ident).collect();
            let items: Vec<_> = items.iter().map(|i| ident(i)).collect();
            if items.len() == 1 {
                quote!(use #(#prefix::)* #(#items)*;)
            } else {
                quote!(use #(#prefix::)* { #(#items),* };)
            }
        });
        quote!(#(#items)*)
    }
}
