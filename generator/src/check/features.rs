//! One cargo feature per action (`service.action_features`): each action's feature name, and
//! the limits a published crate must keep.

use heck::ToKebabCase;

use super::Sink;
use crate::diag::Diagnostic;
use crate::model::ActionModel;

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
