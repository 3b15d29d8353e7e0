//! The files the crate's layout docs name exist: the `//!` lists of `src/lib.rs` and
//! `build/main.rs` are what a maintainer reads first.

use std::fs;
use std::path::Path;

/// The backticked words of the `//!` lines that name a file or folder: a path with a `/`, or
/// a name with a source file's extension.
fn named_paths(source: &str) -> Vec<String> {
    let docs: String = source
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    docs.split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| !word.contains(char::is_whitespace) && !word.contains('*'))
        .filter(|word| {
            word.contains('/')
                || [".rs", ".cc", ".c", ".h", ".sh", ".py", ".txt"]
                    .iter()
                    .any(|ext| word.ends_with(ext))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn layout_docs_name_files_that_exist() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in ["src/lib.rs", "build/main.rs"] {
        let path = crate_dir.join(doc);
        let names = named_paths(&fs::read_to_string(&path).unwrap());
        assert!(names.len() >= 5, "{doc}: too few paths found: {names:?}");
        let dir = path.parent().unwrap();
        for name in names {
            assert!(
                crate_dir.join(&name).exists() || dir.join(&name).exists(),
                "{doc} names {name}, which is neither in the crate nor beside {doc}"
            );
        }
    }
}
