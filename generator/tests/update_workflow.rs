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

/// The shapes of those actions that the overlay reviews (rules and dismissed sentences).
const NEW_SHAPES: [&str; 3] = [
    "ListSpeechSubtitleSrtRequest",
    "OriginalBox",
    "SubtitleParamFont",
];

/// Fields the 2026-05-22 release added to older shapes, which the overlay has rules and
/// dismissals for.
const NEW_FIELDS: [(&str, &[&str]); 2] = [
    (
        "UpdateSubtitleTranscodePresetRequest",
        &["Delay", "ReplaceMap"],
    ),
    (
        "CreateSubtitleTranscodePresetRequest",
        &["Delay", "ReplaceMap", "SuffixName"],
    ),
];

/// The Live release in `vendor/`, imported with both committed overlays (for the older release,
/// without the entries of the actions, shapes and fields it does not have yet, as the overlay
/// was then), as JSON
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
            if let Some(shapes) = value["shapes"].as_object_mut() {
                for shape in NEW_SHAPES {
                    shapes.remove(shape);
                }
                for (shape, fields) in NEW_FIELDS {
                    for list in ["rules", "dismissed"] {
                        if let Some(entries) = shapes
                            .get_mut(shape)
                            .and_then(|s| s.get_mut(list))
                            .and_then(|l| l.as_array_mut())
                        {
                            entries.retain(|e| {
                                !fields
                                    .iter()
                                    .any(|f| e.get("field").and_then(|v| v.as_str()) == Some(*f))
                            });
                        }
                    }
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
    // Applied to the older release as it is, the overlay reports the entries it has no action
    // or shape for: that is how an upstream removal or rename shows.
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
    let mut named: Vec<&str> = diagnostics.items.iter().map(|d| d.path.as_str()).collect();
    named.sort_unstable();
    // The actions and shapes it lacks, and the rules and dismissals of fields it lacks.
    let mut expected: Vec<String> = NEW_ACTIONS
        .iter()
        .map(|a| format!("actions.{a}"))
        .chain(NEW_SHAPES.iter().map(|s| format!("shapes.{s}")))
        .chain(
            [
                "CreateSubtitleTranscodePresetRequest.dismissed[1].field",
                "CreateSubtitleTranscodePresetRequest.rules[0]",
                "CreateSubtitleTranscodePresetRequest.rules[1]",
                "UpdateSubtitleTranscodePresetRequest.dismissed[1].field",
                "UpdateSubtitleTranscodePresetRequest.rules[0]",
            ]
            .iter()
            .map(|entry| format!("shapes.{entry}")),
        )
        .collect();
    expected.sort_unstable();
    assert_eq!(named, expected);
    for item in &diagnostics.items {
        if item.path.contains(".rules[") || item.path.contains(".dismissed[") {
            let field = NEW_FIELDS
                .iter()
                .flat_map(|(_, fields)| fields.iter())
                .any(|f| item.message.contains(&format!("`{f}`")));
            assert!(field, "{}: {}", item.path, item.message);
        }
    }
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
