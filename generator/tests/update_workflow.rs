//! The update workflow on real history: the two vendored releases of the official Live model
//! (2026-04-16 and 2026-05-22) imported with the same overlays, diffed, and both generated, as
//! the README's "When Volcengine updates the API" does by hand.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use volc_codegen::diff::{diff, ChangeKind};
use volc_codegen::import::{import_dir, to_json, ImportOptions};

type TestResult = Result<(), Box<dyn Error>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The actions the 2026-05-22 release added, which the older one cannot have overlay entries
/// for.
const NEW_ACTIONS: [&str; 3] = [
    "DescribeSubtitleTranscodePresetDetail",
    "GetSubtitleTranscodePresetConfig",
    "ListSpeechSubtitleSrt",
];

/// The Live release in `vendor/`, imported with both committed overlays (for the older release,
/// without the entries of the actions it does not have yet, as the overlay was then), as JSON
/// text.
fn imported(release: &str, old: bool) -> Result<String, Box<dyn Error>> {
    let root = workspace();
    let dir = root.join("vendor/volc-sdk-golang").join(release);
    let mut spec = import_dir(&dir, &ImportOptions::default())?;
    for overlay in ["spec/live-callback.overlay.json", "spec/live.overlay.json"] {
        let mut text = fs::read_to_string(root.join(overlay))?;
        if old {
            let mut value: serde_json::Value = serde_json::from_str(&text)?;
            if let Some(actions) = value["actions"].as_object_mut() {
                for action in NEW_ACTIONS {
                    actions.remove(action);
                }
            }
            text = serde_json::to_string_pretty(&value)?;
        }
        spec = volc_codegen::overlay::apply_text(spec, &text, overlay)?;
    }
    Ok(to_json(&spec)?)
}

#[test]
fn the_current_overlay_names_what_the_older_release_lacks() -> TestResult {
    // Applied to the older release as it is, the overlay reports the three entries it has no
    // action for: that is how an upstream removal or rename shows.
    let root = workspace();
    let spec = import_dir(
        &root.join("vendor/volc-sdk-golang/live-v20230101-2026-04-16"),
        &ImportOptions::default(),
    )?;
    let text = fs::read_to_string(root.join("spec/live.overlay.json"))?;
    let Err(diagnostics) = volc_codegen::overlay::apply_text(spec, &text, "spec/live.overlay.json")
    else {
        return Err("the overlay applied to a release without its actions".into());
    };
    let named: Vec<&str> = diagnostics.items.iter().map(|d| d.path.as_str()).collect();
    let expected: Vec<String> = NEW_ACTIONS.iter().map(|a| format!("actions.{a}")).collect();
    assert_eq!(named, expected);
    Ok(())
}

#[test]
fn two_live_releases_import_diff_and_generate() -> TestResult {
    let old = imported("live-v20230101-2026-04-16", true)?;
    let new = imported("live-v20230101-2026-05-22", false)?;
    // The newer import is exactly the committed whole-Live spec.
    assert_eq!(new, fs::read_to_string(workspace().join("spec/live.json"))?);

    let old_model = volc_codegen::check_spec(&old, "live-2026-04-16.json")?;
    let new_model = volc_codegen::check_spec(&new, "spec/live.json")?;
    assert_eq!(
        (old_model.actions.len(), new_model.actions.len()),
        (182, 185)
    );

    let report = diff(&old_model, &new_model);
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ActionAdded)
        .map(|c| c.path.as_str())
        .collect();
    let expected: Vec<String> = NEW_ACTIONS.iter().map(|a| format!("actions.{a}")).collect();
    assert_eq!(added, expected);
    assert!(report.is_breaking());
    let breaking: Vec<String> = report
        .changes
        .iter()
        .filter(|c| c.is_breaking())
        .map(|c| format!("{} [{}]", c.path, c.kind.as_str()))
        .collect();
    // Fields removed, types changed and optional fields made required upstream.
    for expected in [
        "shapes.CreateSubtitleTranscodePresetRequest.fields.PresetName [field_removed]",
        "shapes.CreateSubtitleTranscodePresetRequest.fields.SuffixName [field_added]",
    ] {
        assert!(
            breaking.iter().any(|b| b == expected),
            "{expected} not in:\n{}",
            breaking.join("\n")
        );
    }
    assert!(breaking.len() >= 30, "{} breaking changes", breaking.len());
    // The report asks for the release a breaking change needs.
    assert_eq!(report.next_version().as_deref(), Some("0.2.0"));

    // Both releases generate.
    let settings = volc_codegen::Settings::default();
    for (text, name) in [(&old, "old.json"), (&new, "spec/live.json")] {
        let files = volc_codegen::generate(text, name, &settings)?;
        assert!(files.len() > 180, "{name}: {} files", files.len());
    }
    Ok(())
}
