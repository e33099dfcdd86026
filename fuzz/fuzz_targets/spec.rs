//! Any bytes, read as a spec: the loader, the checker and the emitter must answer with files or
//! with diagnostics, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match volc_codegen::generate(&text, "fuzz.json", &volc_codegen::Settings::default()) {
        Ok(_) => {}
        Err(volc_codegen::Error::Spec(diagnostics)) => {
            // Every problem is reported; rendering it must not panic either.
            assert!(!diagnostics.items.is_empty());
            let _ = diagnostics.report(&text, false);
        }
        // The emitter only sees checked models: an emit error is a checker bug.
        Err(error) => panic!("not a spec error: {error}"),
    }
});
