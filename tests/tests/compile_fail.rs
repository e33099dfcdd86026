//! Requests the types forbid do not compile: the seed's examples as written (both `Vhost` and
//! `Domain`; `App` beside `Domain`), authentication on without a key, and bypassing `build()`.

#[test]
fn forbidden_requests_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
