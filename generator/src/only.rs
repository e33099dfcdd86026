//! An action allow-list: the spec of a crate that has only some of a service's actions.
//!
//! [`only`] keeps the listed actions and every shape, enum and string type they reach (through
//! their inputs, results and the fields inside them), the callback events and what they reach,
//! and nothing else. It runs on the spec, before the check, so the crate it makes is exactly
//! the crate of a spec that had only those actions: a three-action crate from the whole-Live
//! spec is the size of three actions. What the kept items say about removed ones goes too: a
//! read-modify-write conversion (`into`) into a removed request.

use std::collections::BTreeSet;

use crate::diag::Diagnostic;
use crate::spec::Spec;
use crate::text::clip;

/// The spec with only `actions` (names as the spec writes them, in any order; the spec's
/// order is kept) and what they reach.
///
/// # Errors
///
/// A diagnostic naming the actions the spec does not have (with the nearest name), or saying
/// that the list is empty.
pub fn only(spec: &Spec, actions: &[String]) -> Result<Spec, Box<Diagnostic>> {
    let wanted: BTreeSet<&str> = actions
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    if wanted.is_empty() {
        return Err(Box::new(
            Diagnostic::new("actions", "the action allow-list is empty")
                .with_hint("name at least one action, e.g. `--only UpdateCallback`"),
        ));
    }
    let known: BTreeSet<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    let missing: Vec<&str> = wanted.difference(&known).copied().collect();
    if !missing.is_empty() {
        let listed = missing
            .iter()
            .take(5)
            .map(|m| format!("`{}`", clip(m)))
            .collect::<Vec<_>>()
            .join(", ");
        let more = match missing.len() {
            0..=5 => String::new(),
            n => format!(" and {} more", n - 5),
        };
        let mut diagnostic = Diagnostic::new(
            "actions",
            format!(
                "the action allow-list names {} the spec does not have: {listed}{more}",
                if missing.len() == 1 {
                    "an action"
                } else {
                    "actions"
                },
            ),
        );
        let near = missing
            .iter()
            .find_map(|m| crate::diag::closest(m, known.iter().copied()));
        if let Some(near) = near {
            diagnostic = diagnostic.with_hint(format!("did you mean `{}`?", clip(near)));
        }
        return Err(Box::new(diagnostic));
    }

    let mut kept = spec.clone();
    kept.actions.retain(|a| wanted.contains(a.name.as_str()));
    let reached: BTreeSet<String> = kept
        .reachable(kept.roots())
        .into_iter()
        .map(str::to_owned)
        .collect();
    kept.shapes.retain(|s| reached.contains(&s.name));
    kept.enums.retain(|e| reached.contains(&e.name));
    kept.strings.retain(|s| reached.contains(&s.name));
    let shapes: BTreeSet<String> = kept.shapes.iter().map(|s| s.name.clone()).collect();
    for shape in &mut kept.shapes {
        shape.into.retain(|target| shapes.contains(target));
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live() -> Result<Spec, Box<dyn std::error::Error>> {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/live.json"))?;
        Ok(crate::load(&text, "spec/live.json")?)
    }

    fn names(items: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
        items.into_iter().map(|s| s.as_ref().to_owned()).collect()
    }

    #[test]
    fn three_actions_keep_what_they_reach_and_check() -> Result<(), Box<dyn std::error::Error>> {
        let spec = live()?;
        let wanted = names(["UpdateCallback", "DescribeCallback", "DeleteCallback"]);
        let kept = only(&spec, &wanted).map_err(|d| d.message)?;
        // The spec's order, not the list's.
        let actions: Vec<&str> = kept.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            actions,
            ["DeleteCallback", "DescribeCallback", "UpdateCallback"]
        );
        assert!(
            kept.shapes.len() < spec.shapes.len() / 10,
            "{}",
            kept.shapes.len()
        );
        assert!(kept.shapes.iter().any(|s| s.name == "CallbackDetail"));
        assert!(kept.enums.iter().any(|e| e.name == "MessageType"));
        // The read-modify-write conversion survives: both ends are kept.
        let config = kept
            .shapes
            .iter()
            .find(|s| s.into.iter().any(|t| t == "UpdateCallbackRequest"));
        assert!(config.is_some());
        let text = serde_json::to_string(&kept)?;
        let model = crate::check_spec(&text, "only.json")?;
        assert_eq!(model.actions.len(), 3);
        Ok(())
    }

    #[test]
    fn a_conversion_into_a_removed_request_goes() -> Result<(), Box<dyn std::error::Error>> {
        let spec = live()?;
        let kept = only(&spec, &names(["DescribeCallback"])).map_err(|d| d.message)?;
        assert!(kept.shapes.iter().all(|s| s.into.is_empty()));
        assert!(!kept
            .shapes
            .iter()
            .any(|s| s.name == "UpdateCallbackRequest"));
        crate::check_spec(&serde_json::to_string(&kept)?, "only.json")?;
        Ok(())
    }

    #[test]
    fn unknown_and_empty_lists_are_refused() -> Result<(), Box<dyn std::error::Error>> {
        let spec = live()?;
        let error = only(&spec, &names(["UpdateCallbak", "Nope"]))
            .err()
            .ok_or("accepted")?;
        assert_eq!(
            error.message,
            "the action allow-list names actions the spec does not have: `Nope`, `UpdateCallbak`"
        );
        assert_eq!(
            error.hint.as_deref(),
            Some("did you mean `UpdateCallback`?")
        );
        let error = only(&spec, &names([" "])).err().ok_or("accepted")?;
        assert_eq!(error.message, "the action allow-list is empty");
        Ok(())
    }
}
