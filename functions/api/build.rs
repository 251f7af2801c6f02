//! Embeds the repository's `docs/*.md` into the API binary, for the documentation endpoints.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    // Read when the script runs, not `env!` when it was compiled: cargo reuses a compiled build
    // script for a checkout at another path, which would then embed that path's docs (or none).
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|e| panic!("CARGO_MANIFEST_DIR: {e}"));
    let docs = PathBuf::from(manifest_dir).join("../../docs");
    println!("cargo:rerun-if-changed={}", docs.display());
    let entries = std::fs::read_dir(&docs).unwrap_or_else(|e| panic!("cannot read {}: {e}", docs.display()));
    let mut names: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
    names.sort();
    let mut generated = String::from(
        "/// Markdown documents embedded at build time: (file name, contents).\npub static DOCS: &[(&str, &str)] = &[\n",
    );
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let _ = writeln!(generated, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    generated.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("docs.rs");
    if let Err(e) = std::fs::write(&out, generated) {
        panic!("cannot write {}: {e}", out.display());
    }
}
