//! Any bytes, as the two files of a package of the official Go SDK: `config.go` before the first
//! 0 byte, `model.go` after it (each read as UTF-8, lossily). The importer must answer with a
//! spec or a one-line error, never panic; a spec must serialize, and the checker must answer for
//! it with a model or diagnostics that render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (config, model) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let config = String::from_utf8_lossy(config);
    let model = String::from_utf8_lossy(model);
    let spec = match volc_codegen::import::import(
        "config.go",
        &config,
        "model.go",
        &model,
        &Default::default(),
    ) {
        Ok(spec) => spec,
        Err(error) => {
            let shown = error.to_string();
            assert!(!shown.contains('\n'), "not one line: {shown:?}");
            assert!(shown.len() <= 1024, "{} bytes: {shown}", shown.len());
            return;
        }
    };
    let text = match volc_codegen::import::to_json(&spec) {
        Ok(text) => text,
        Err(error) => panic!("an imported spec does not serialize: {error}"),
    };
    if let Err(diagnostics) = volc_codegen::check_spec(&text, "imported.json") {
        assert!(!diagnostics.items.is_empty());
        let _ = diagnostics.report(&text, false);
    }
});
