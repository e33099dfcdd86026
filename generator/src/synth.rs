//! Synthetic specs of any size, to measure how generation and the generated crate scale.
//!
//! [`synthesize`] clones the actions of a base spec (by default the real one) until there are
//! `n`: clone `k` copies base action `k % base.actions.len()` and every shape it reaches, each
//! renamed with the same zero-padded suffix (`UpdateCallback0007`, `UpdateCallbackRequest0007`,
//! `CallbackTarget0007`). Nothing is shared between clones but, by default, the enums and
//! constrained string types ([`Scalars::Shared`]): they are the service's vocabulary (message
//! types, app names), which a real API reuses across its actions. With [`Scalars::Cloned`]
//! every clone also gets its own copy of them (`MessageType0007`, `AppName0007`): the worst
//! case, where every action brings every type it uses. Rules, representations, examples and
//! docs are kept as they are (rules name fields, which are not renamed).
//!
//! The result passes [`crate::check_spec`] whenever the base does, and generates a crate that
//! compiles.

use std::collections::BTreeSet;

use crate::spec::{constructed, Spec, StringType};

/// Why a synthetic spec cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynthError {
    /// The base spec has no action to clone.
    #[error("the base spec has no action to clone")]
    NoActions,
    /// Zero actions were asked for; a spec needs at least one.
    #[error("a spec needs at least one action; ask for 1 or more")]
    Zero,
}

/// Whether the clones share the base's enums and constrained string types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scalars {
    /// Every clone uses the base's enums and string types (the default).
    #[default]
    Shared,
    /// Every clone gets its own renamed copy of each enum and string type it uses.
    Cloned,
}

/// A spec with `n` actions cloned from `base`'s, each with its own copy of every shape it
/// reaches (and of every enum and string type, with [`Scalars::Cloned`]).
///
/// # Errors
///
/// [`SynthError::Zero`] when `n` is 0, [`SynthError::NoActions`] when `base` has no action.
pub fn synthesize(base: &Spec, n: usize, scalars: Scalars) -> Result<Spec, SynthError> {
    if n == 0 {
        return Err(SynthError::Zero);
    }
    if base.actions.is_empty() {
        return Err(SynthError::NoActions);
    }
    let scalar_names: BTreeSet<&str> = base
        .enums
        .iter()
        .map(|e| e.name.as_str())
        .chain(base.strings.iter().map(|s| s.name.as_str()))
        .collect();
    let reach: Vec<BTreeSet<&str>> = base
        .actions
        .iter()
        .map(|action| {
            let roots = std::iter::once(action.input.as_str()).chain(action.result.as_deref());
            let mut names = base.reachable(roots);
            if scalars == Scalars::Shared {
                names.retain(|name| !scalar_names.contains(name));
            }
            names
        })
        .collect();
    let width = n.saturating_sub(1).to_string().len().max(4);
    let shared = scalars == Scalars::Shared;
    let mut spec = Spec {
        schema: base.schema.clone(),
        format: base.format,
        service: base.service.clone(),
        actions: Vec::with_capacity(n),
        shapes: Vec::new(),
        enums: if shared {
            base.enums.clone()
        } else {
            Vec::new()
        },
        // Events are the service's, not an action's: the synthetic spec has none.
        events: None,
        strings: if shared {
            base.strings.clone()
        } else {
            Vec::new()
        },
    };
    for k in 0..n {
        let which = k % base.actions.len();
        let names = &reach[which];
        let suffix = format!("{k:0width$}");
        let rename = |name: &str| -> String {
            if names.contains(name) {
                format!("{name}{suffix}")
            } else {
                name.to_owned()
            }
        };
        let mut action = base.actions[which].clone();
        action.name = format!("{}{suffix}", action.name);
        action.input = rename(&action.input);
        action.result = action.result.as_deref().map(|r| rename_type(r, &rename));
        spec.actions.push(action);
        for shape in base
            .shapes
            .iter()
            .filter(|s| names.contains(s.name.as_str()))
        {
            let mut shape = shape.clone();
            shape.name = rename(&shape.name);
            shape.rust_name = shape.rust_name.map(|rust| format!("{rust}{suffix}"));
            for field in &mut shape.fields {
                field.ty = rename_type(&field.ty, &rename);
            }
            // A conversion into a shape of another action's clone has no target here.
            shape.into = shape
                .into
                .iter()
                .filter(|target| names.contains(target.as_str()))
                .map(|target| rename(target))
                .collect();
            spec.shapes.push(shape);
        }
        for e in base
            .enums
            .iter()
            .filter(|e| names.contains(e.name.as_str()))
        {
            let mut e = e.clone();
            e.name = rename(&e.name);
            spec.enums.push(e);
        }
        for s in base
            .strings
            .iter()
            .filter(|s| names.contains(s.name.as_str()))
        {
            spec.strings.push(StringType {
                name: rename(&s.name),
                ..s.clone()
            });
        }
    }
    Ok(spec)
}

/// The spec text of [`synthesize`]'s result, pretty-printed JSON ending with a newline.
///
/// # Errors
///
/// As [`synthesize`].
pub fn synthesize_text(base: &Spec, n: usize, scalars: Scalars) -> Result<String, SynthError> {
    let spec = synthesize(base, n, scalars)?;
    // Serializing a spec (plain data with string keys) cannot fail.
    let mut text = serde_json::to_string_pretty(&spec).unwrap_or_default();
    text.push('\n');
    Ok(text)
}

/// `List<T>` or `Map<T>` with `T` renamed, or the name renamed.
fn rename_type(ty: &str, rename: &impl Fn(&str) -> String) -> String {
    let ty = ty.trim();
    match constructed(ty) {
        Some((constructor, inner)) => format!("{constructor}<{}>", rename_type(inner, rename)),
        None => rename(ty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> Result<Spec, Box<dyn std::error::Error>> {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/live-callback.json"
        ))?;
        Ok(crate::load(&text, "spec/live-callback.json")?)
    }

    #[test]
    fn synthetic_specs_check_and_generate() -> Result<(), Box<dyn std::error::Error>> {
        let base = real()?;
        for (n, scalars) in [1, 3, 10]
            .into_iter()
            .flat_map(|n| [(n, Scalars::Shared), (n, Scalars::Cloned)])
        {
            let text = synthesize_text(&base, n, scalars)?;
            let model = crate::check_spec(&text, "synth.json")?;
            assert_eq!(model.actions.len(), n);
            let files = crate::generate(&text, "synth.json", &crate::Settings::default())?;
            // lib, types, client, one module per action, Cargo.toml, README.
            assert_eq!(files.len(), n + 5, "{n} actions, {scalars:?}");
        }
        Ok(())
    }

    #[test]
    fn every_clone_has_its_own_types() -> Result<(), Box<dyn std::error::Error>> {
        let spec = synthesize(&real()?, 4, Scalars::Cloned)?;
        let names: Vec<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "DeleteCallback0000",
                "DescribeCallback0001",
                "UpdateCallback0002",
                "DeleteCallback0003"
            ]
        );
        let update = &spec.actions[2];
        assert_eq!(update.input, "UpdateCallbackRequest0002");
        let request = spec
            .shapes
            .iter()
            .find(|s| s.name == "UpdateCallbackRequest0002")
            .ok_or("cloned request missing")?;
        let types: Vec<&str> = request.fields.iter().map(|f| f.ty.as_str()).collect();
        assert_eq!(
            types,
            [
                "List<CallbackDetail0002>",
                "MessageType0002",
                "CallbackTarget0002",
                "CallbackAuth0002",
                "TranscodeCallback0002"
            ]
        );
        assert!(spec.strings.iter().any(|s| s.name == "AppName0002"));
        assert_eq!(request.rules.len(), 2, "rules are kept");
        // Describe reaches its result and everything in it.
        assert!(spec.shapes.iter().any(|s| s.name == "CallbackConfig0001"));
        assert!(!spec.shapes.iter().any(|s| s.name == "CallbackConfig0000"));
        Ok(())
    }

    #[test]
    fn by_default_clones_share_enums_and_string_types() -> Result<(), Box<dyn std::error::Error>> {
        let base = real()?;
        let spec = synthesize(&base, 4, Scalars::Shared)?;
        assert_eq!(spec.enums, base.enums);
        assert_eq!(spec.strings, base.strings);
        let request = spec
            .shapes
            .iter()
            .find(|s| s.name == "UpdateCallbackRequest0002")
            .ok_or("cloned request missing")?;
        let types: Vec<&str> = request.fields.iter().map(|f| f.ty.as_str()).collect();
        assert_eq!(
            types,
            [
                "List<CallbackDetail0002>",
                "MessageType",
                "CallbackTarget0002",
                "CallbackAuth0002",
                "TranscodeCallback"
            ]
        );
        Ok(())
    }

    #[test]
    fn synthesis_is_deterministic_and_refuses_zero() -> Result<(), Box<dyn std::error::Error>> {
        let base = real()?;
        assert_eq!(
            synthesize_text(&base, 7, Scalars::Shared)?,
            synthesize_text(&base, 7, Scalars::Shared)?
        );
        assert_eq!(synthesize(&base, 0, Scalars::Shared), Err(SynthError::Zero));
        let empty = Spec {
            actions: Vec::new(),
            ..base
        };
        assert_eq!(
            synthesize(&empty, 3, Scalars::Shared),
            Err(SynthError::NoActions)
        );
        Ok(())
    }
}
