//! One cargo feature per action (`service.action_features`): each action's feature name, and
//! the limits a published crate must keep.

use heck::ToKebabCase;

use std::collections::BTreeSet;

use super::graph::Reach;
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{ActionModel, EnumModel, Home, ShapeModel, StringModel, Ty};

/// crates.io refuses a crate with more features than this.
pub(crate) const CRATES_IO_FEATURE_LIMIT: usize = 300;

/// The features every generated crate may declare beside its action features (`default` and
/// `all` included, since crates.io counts them).
pub(crate) const OTHER_FEATURES: &[&str] = &[
    "default",
    "all",
    "rustls",
    "rustls-native-roots",
    "native-tls",
    "reqwest",
    "callback",
    "test-util",
];

/// Names each action's feature: the action in kebab-case (`UpdateCallback` is
/// `update-callback`). A name one of [`OTHER_FEATURES`] has, or more actions than the limit
/// leaves room for, is an error.
pub(super) fn assign(actions: &mut [ActionModel], sink: &mut Sink) {
    let room = CRATES_IO_FEATURE_LIMIT - OTHER_FEATURES.len();
    if actions.len() > room {
        sink.push(
            Diagnostic::new(
                "service.action_features",
                format!(
                    "{} actions make {} features, more than the {CRATES_IO_FEATURE_LIMIT} crates.io allows a crate",
                    actions.len(),
                    actions.len() + OTHER_FEATURES.len()
                ),
            )
            .with_hint(format!(
                "one feature per action fits {room} actions; split the service into crates (generate --only) or leave action_features off"
            )),
        );
        return;
    }
    // Two actions cannot share a feature: a feature is the action's module name in
    // kebab-case, and two actions with one module name are refused already.
    for (i, action) in actions.iter_mut().enumerate() {
        let feature = action.name.to_kebab_case();
        if OTHER_FEATURES.contains(&feature.as_str()) {
            sink.push(
                Diagnostic::new(
                    format!("actions[{i}].name"),
                    format!(
                        "action `{}` would get the feature `{feature}`, which the generated crate has for something else",
                        action.name
                    ),
                )
                .with_hint("leave service.action_features off for this spec"),
            );
            continue;
        }
        action.feature = Some(feature);
    }
}

/// The features under which each type of `types` is compiled: those of the actions that use
/// it, when every user is an action with a feature. A type the events use, one no action uses,
/// and every type such a type reaches are always compiled.
pub(super) fn gate_types(
    actions: &[ActionModel],
    shapes: &mut [ShapeModel],
    enums: &mut [EnumModel],
    strings: &mut [StringModel],
    reach: &Reach,
) {
    let features = |users: &BTreeSet<usize>| -> Vec<String> {
        let gated: Option<BTreeSet<&str>> = users
            .iter()
            .map(|u| actions.get(*u).and_then(|a| a.feature.as_deref()))
            .collect();
        match gated {
            Some(set) if !set.is_empty() => set.into_iter().map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    };
    for (shape, users) in shapes.iter_mut().zip(&reach.shape_users) {
        if shape.home == Home::Types {
            shape.features = features(users);
        }
    }
    for (e, users) in enums.iter_mut().zip(&reach.enum_users) {
        e.features = features(users);
    }
    for (s, users) in strings.iter_mut().zip(&reach.string_users) {
        s.features = features(users);
    }
    // What an always-compiled shape reaches is always compiled too (an action module's
    // shapes are compiled with the module, and their types are used by the action).
    let mut stack: Vec<usize> = shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.features.is_empty() && !matches!(s.home, Home::Action(_)))
        .map(|(i, _)| i)
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        let Some(shape) = shapes.get(i) else { continue };
        let mut types: Vec<&Ty> = shape.fields.iter().map(|f| &f.ty).collect();
        let mut next = Vec::new();
        while let Some(ty) = types.pop() {
            match ty {
                Ty::List(inner) | Ty::Map(inner) => types.push(inner),
                Ty::Shape(s) => next.push(*s),
                Ty::Enum(e) => {
                    if let Some(e) = enums.get_mut(*e) {
                        e.features.clear();
                    }
                }
                Ty::Str(s) => {
                    if let Some(s) = strings.get_mut(*s) {
                        s.features.clear();
                    }
                }
                Ty::String | Ty::Boolean | Ty::Integer | Ty::Float | Ty::Json => {}
            }
        }
        for s in next {
            if let Some(shape) = shapes.get_mut(s) {
                shape.features.clear();
            }
            stack.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    /// A spec of `names` actions, each with its own empty input, with action features on.
    fn spec(names: &[String]) -> String {
        let actions: Vec<serde_json::Value> = names
            .iter()
            .map(|n| serde_json::json!({"name": n, "method": "POST", "input": format!("{n}Request")}))
            .collect();
        let shapes: Vec<serde_json::Value> = names
            .iter()
            .map(|n| serde_json::json!({"name": format!("{n}Request"), "fields": []}))
            .collect();
        serde_json::json!({
            "format": 1,
            "service": {"name": "demo", "version": "2020-01-01", "action_features": true,
                "endpoints": [{"provider": "volcengine", "url": "https://demo.example", "region": "r"}]},
            "actions": actions,
            "shapes": shapes
        })
        .to_string()
    }

    fn owned(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn each_action_gets_its_kebab_case_feature() -> Result<(), Box<dyn std::error::Error>> {
        let model = crate::check_spec(&spec(&owned(&["UpdateCallback", "GeneratePushURL"])), "s")?;
        let features: Vec<Option<&str>> =
            model.actions.iter().map(|a| a.feature.as_deref()).collect();
        assert_eq!(
            features,
            [Some("update-callback"), Some("generate-push-url")]
        );
        let files = crate::generate(&spec(&owned(&["UpdateCallback"])), "s", &Default::default())?;
        let cargo = files.get("Cargo.toml").ok_or("no Cargo.toml")?;
        assert!(cargo.contains("default = [\"rustls\", \"all\"]"), "{cargo}");
        assert!(cargo.contains("all = [\"update-callback\"]"), "{cargo}");
        assert!(cargo.contains("\nupdate-callback = []\n"), "{cargo}");
        let lib = files.get("src/lib.rs").ok_or("no lib.rs")?;
        assert!(
            lib.contains("#[cfg(feature = \"update-callback\")]"),
            "{lib}"
        );
        Ok(())
    }

    #[test]
    fn types_are_compiled_with_the_features_of_the_actions_that_use_them(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/live.json"))?;
        let model = crate::check_spec(&text, "spec/live.json")?;
        let shape = |name: &str| model.shapes.iter().find(|s| s.name == name);
        // Used by UpdateCallback's request and the answers of two actions (merged with an
        // identical structure of ListVhostSnapshotAuditPreset's by the import).
        let detail = shape("CallbackDetail").ok_or("no CallbackDetail")?;
        assert_eq!(
            detail.features,
            [
                "describe-callback",
                "list-vhost-snapshot-audit-preset",
                "update-callback"
            ]
        );
        // The events use MessageType: always compiled, as is what they reach.
        let message_type = model.enums.iter().find(|e| e.name == "MessageType");
        assert_eq!(message_type.map(|e| e.features.len()), Some(0));
        // A shape in an action's module is compiled with its module, not gated again.
        let in_module = model
            .shapes
            .iter()
            .filter(|s| matches!(s.home, crate::model::Home::Action(_)));
        assert!(in_module.clone().count() > 100);
        assert!(in_module.into_iter().all(|s| s.features.is_empty()));
        Ok(())
    }

    #[test]
    fn clashing_and_too_many_features_are_refused() {
        let problems = |names: Vec<String>| match crate::check_spec(&spec(&names), "s") {
            Ok(_) => Vec::new(),
            Err(d) => d.items.into_iter().map(|d| d.message).collect(),
        };
        assert_eq!(
            problems(owned(&["Callback"])),
            ["action `Callback` would get the feature `callback`, which the generated crate has for something else"]
        );
        assert_eq!(
            problems(owned(&["GetURL", "GetUrl"])),
            ["actions `GetURL` and `GetUrl` both become `get_url` in Rust"]
        );
        let many: Vec<String> = (0..293).map(|i| format!("Do{i}")).collect();
        assert_eq!(
            problems(many),
            ["293 actions make 301 features, more than the 300 crates.io allows a crate"]
        );
        let fits: Vec<String> = (0..292).map(|i| format!("Do{i}")).collect();
        assert!(problems(fits).is_empty());
    }
}
