use vinyldigger_bootstrap::testing::{PLACEHOLDER_ENV, assert_main_names_missing_variable};

#[test]
fn main_fails_naming_each_missing_variable() {
    for (missing, _) in PLACEHOLDER_ENV {
        assert_main_names_missing_variable(env!("CARGO_BIN_EXE_rates"), &PLACEHOLDER_ENV, missing);
    }
}
