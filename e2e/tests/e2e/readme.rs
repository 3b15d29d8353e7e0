//! The README, read as a user would: its commands name binaries, flags, packages and scripts
//! that exist and parse; `cargo build` at the root builds the binaries it says; its table of
//! the tutorial's answers is the golden data; its flag tables say what `--help` says; the test
//! command refuses to run without rustfmt or clippy.

use users_e2e as common;

use std::collections::BTreeSet;
use std::process::Command;

const README: &str = include_str!("../../../README.md");

/// The lines of the README's `sh` blocks.
fn shell_lines() -> Vec<&'static str> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in README.lines() {
        if line.starts_with("```") {
            inside = line == "```sh";
        } else if inside {
            lines.push(line);
        }
    }
    lines
}

/// A README command line as words: command substitutions blanked out, the comment and
/// anything after `&`, `;`, `|` or a redirection dropped.
fn words(line: &str) -> Vec<String> {
    let mut text = line.to_owned();
    while let Some(start) = text.find("$(") {
        let end = text[start..]
            .find(')')
            .map_or(text.len(), |e| start + e + 1);
        text.replace_range(start..end, "x");
    }
    text.split_whitespace()
        .take_while(|w| !["#", "&", ";", "|", "&&"].contains(w) && !w.starts_with('>'))
        .map(str::to_owned)
        .collect()
}

/// `cargo metadata` of the workspace, without dependencies.
fn metadata() -> serde_json::Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(common::workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// Every line that runs one of the binaries (directly or by `cargo run --bin`) parses: the
/// binary accepts its flags and their values (`--help` after them exits 0 only when
/// everything before it parsed), and the environment variables it sets are the binary's.
#[test]
fn binary_command_lines_parse() {
    let mut checked = 0;
    for line in shell_lines() {
        let mut words = words(line);
        let mut env = Vec::new();
        while words.first().is_some_and(|w| {
            w.split_once('=')
                .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        }) {
            let assignment = words.remove(0);
            let (k, v) = assignment.split_once('=').expect("checked above");
            env.push((k.to_owned(), v.to_owned()));
        }
        if words.len() >= 3 && words[..3] == ["cargo", "run", "--bin"] {
            let name = words[3].clone();
            let rest = words.iter().skip_while(|w| *w != "--").skip(1).cloned();
            words = std::iter::once(name).chain(rest).collect();
        }
        let bin = match words.first().map(String::as_str) {
            Some("users-server") => common::server_bin(),
            Some("users-client") => common::client_bin(),
            Some("users-bench") => common::bench_bin(),
            _ => continue,
        };
        if words.iter().any(|w| w.contains('[') || w == "SCENARIO") {
            continue; // a usage synopsis, not a command
        }
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let out = common::run_bin_env(bin, &[&args[..], &["--help"]].concat(), &env);
        assert!(
            out.status.success(),
            "README: `{line}` does not parse: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let help = String::from_utf8_lossy(&out.stdout);
        for (name, _) in &env {
            assert!(
                help.contains(&format!("[env: {name}")),
                "README: `{line}`: {} has no variable {name}",
                words[0]
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} command lines found");
}

/// Scripts, files and packages the README's commands name exist.
#[test]
fn named_scripts_and_packages_exist() {
    let packages: BTreeSet<String> = metadata()["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    for line in shell_lines() {
        let words = words(line);
        for (i, word) in words.iter().enumerate() {
            if word.starts_with("ci/") {
                assert!(
                    common::workspace_root().join(word).exists(),
                    "README: `{line}`: no {word}"
                );
            }
            let cargo = words.first().is_some_and(|w| w == "cargo");
            if cargo && (word == "-p" || word == "--bin") && i + 1 < words.len() {
                let name = &words[i + 1];
                assert!(
                    packages.contains(name),
                    "README: `{line}`: no package {name}"
                );
            }
        }
    }
}

/// `cargo build` and `cargo build --release` at the root build the three binaries.
#[test]
fn root_build_builds_the_binaries() {
    let metadata = metadata();
    let default: BTreeSet<String> = metadata["workspace_default_members"]
        .as_array()
        .expect("cargo metadata names the default members")
        .iter()
        .filter_map(|id| {
            let package = metadata["packages"]
                .as_array()?
                .iter()
                .find(|p| p["id"] == *id)?;
            Some(package["name"].as_str()?.to_owned())
        })
        .collect();
    for binary in ["users-server", "users-client", "users-bench"] {
        assert!(
            default.contains(binary),
            "`cargo build` at the root does not build {binary} (default members: {default:?})"
        );
    }
    assert!(
        README.contains("cargo build --release"),
        "the README says how to build"
    );
}

/// The README's table of the tutorial's users and answers is the golden data of `testdata/`.
#[test]
fn tutorial_table_is_the_golden_data() {
    let users = include_str!("../../../testdata/tutorial_users.jsonl").lines();
    let answers = include_str!("../../../testdata/tutorial_answers.jsonl").lines();
    for (user, answer) in users.zip(answers) {
        let u: serde_json::Value = serde_json::from_str(user).unwrap();
        let a: serde_json::Value = serde_json::from_str(answer).unwrap();
        let quoted = |v: &serde_json::Value| serde_json::to_string(v).unwrap();
        let errors: Vec<String> = a["errors"].as_array().unwrap().iter().map(quoted).collect();
        let row = format!(
            "| {}, {}, {}, {} | {} | {} | [{}] |",
            quoted(&u["id"]),
            quoted(&u["name"]),
            quoted(&u["last_name"]),
            u["age"],
            quoted(&a["user_id"]),
            a["success"],
            errors.join(", ")
        );
        assert!(README.contains(&row), "README lacks the row {row}");
    }
}

/// The test command stops at once, naming the rustup component to add, when `cargo fmt` or
/// `cargo clippy` is missing, rather than passing without them.
#[test]
fn test_command_needs_rustfmt_and_clippy() {
    let cargo = std::env::var("CARGO").expect("cargo runs the tests");
    for (tool, component) in [("fmt", "rustfmt"), ("clippy", "clippy")] {
        let bin = std::env::temp_dir().join(format!("users-no-{tool}-{}", std::process::id()));
        std::fs::create_dir_all(&bin).unwrap();
        // A cargo without the one subcommand that answers the other's version; anything
        // else (the suite going on) fails at once rather than running the suite in the suite.
        let stub = bin.join("cargo");
        std::fs::write(
            &stub,
            format!(
                "#!/bin/sh\ncase \"$1 $2\" in\n  \"{tool} --version\") exit 1 ;;\n  \
                 *\" --version\") exec '{cargo}' \"$@\" ;;\nesac\n\
                 echo \"unexpected: cargo $*\" >&2\nexit 99\n"
            ),
        )
        .unwrap();
        std::fs::set_permissions(&stub, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
        let mut test_sh = Command::new("bash");
        test_sh
            .arg("ci/test.sh")
            .current_dir(common::workspace_root())
            .env("PATH", path);
        let out = common::run_bounded(test_sh);
        std::fs::remove_dir_all(&bin).unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "without cargo {tool}: {err}");
        assert!(
            err.contains(&format!("rustup component add {component}")),
            "without cargo {tool}: {err}"
        );
        assert!(out.stdout.is_empty(), "the suite started: {out:?}");
    }
}

/// `--help`'s entries by flag: the text from each `--flag` line to the next flag's.
fn help_entries(help: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in help.lines() {
        let head = line.trim_start();
        let head = head
            .split_once(", ")
            .filter(|(short, _)| short.len() == 2 && short.starts_with('-'))
            .map_or(head, |(_, long)| long);
        if line.starts_with("  ") && head.starts_with("--") {
            let flag = head.split([' ', '\t']).next().unwrap_or(head);
            entries.push((flag.to_owned(), String::new()));
        }
        if let Some((_, text)) = entries.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    entries
}

/// The README's flag tables agree with `--help`, both ways: each flag a table names with a
/// variable has that variable there, the default a table gives (a value in backticks, or
/// words such as "never") is the one `--help` shows, and every flag of the server and the
/// client that has a variable is in a table.
#[test]
fn flag_tables_match_help() {
    let helps: Vec<(&str, Vec<(String, String)>)> = [
        ("users-server", common::server_bin()),
        ("users-client", common::client_bin()),
        ("users-bench", common::bench_bin()),
    ]
    .into_iter()
    .map(|(name, bin)| {
        let out = common::run_bin(bin, &["--help"]);
        assert!(out.status.success(), "{name} --help: {out:?}");
        (name, help_entries(&String::from_utf8_lossy(&out.stdout)))
    })
    .collect();
    let mut heading_binary: Option<&str> = None;
    let mut has_default_column = false;
    let mut covered: BTreeSet<(&str, String)> = BTreeSet::new();
    for line in README.lines() {
        if line.starts_with('#') {
            heading_binary = helps
                .iter()
                .map(|(name, _)| *name)
                .find(|name| line.trim_start_matches(['#', ' ']) == format!("`{name}`"));
            continue;
        }
        if line.starts_with("| flag |") {
            has_default_column = line.contains("| default |");
            continue;
        }
        // Escaped pipes (`none\|gzip`) are not cell borders.
        let row = line.replace("\\|", "\u{1}");
        let cells: Vec<String> = row
            .split('|')
            .map(|c| c.trim().replace('\u{1}', "|"))
            .collect();
        if cells.len() < 4 || !cells[1].contains("`--") {
            continue;
        }
        let ticked = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        };
        let flags: Vec<String> = ticked(&cells[1])
            .iter()
            .filter_map(|f| f.split(' ').next().map(str::to_owned))
            .collect();
        let vars: Vec<String> = ticked(&cells[2])
            .into_iter()
            .filter(|v| v.starts_with("USERS_"))
            .collect();
        if vars.is_empty() {
            continue;
        }
        assert_eq!(flags.len(), vars.len(), "README: {line}");
        // The row's own "server"/"client", else the heading's binary, else the one help that
        // has the flag.
        let row_binary = match cells[1].split(' ').next() {
            Some("server") => Some("users-server"),
            Some("client") => Some("users-client"),
            _ => heading_binary,
        };
        for (flag, var) in flags.iter().zip(&vars) {
            let found: Vec<(&str, &String)> = helps
                .iter()
                .filter(|(name, _)| row_binary.is_none_or(|b| b == *name))
                .filter_map(|(name, entries)| {
                    entries
                        .iter()
                        .find(|(f, _)| f == flag)
                        .map(|(_, e)| (*name, e))
                })
                .collect();
            let [(name, entry)] = found[..] else {
                panic!("README: {flag} is in {} helps: {line}", found.len());
            };
            assert!(
                entry.contains(&format!("[env: {var}="))
                    || entry.contains(&format!("[env: {var}]")),
                "README: {flag} has {var}, {name} --help does not:\n{entry}"
            );
            if has_default_column && flags.len() == 1 {
                let shown = entry
                    .split_once("[default: ")
                    .and_then(|(_, rest)| rest.split_once(']'))
                    .map_or("", |(value, _)| value);
                assert_eq!(
                    shown,
                    cells[3].trim_matches('`'),
                    "README: {flag}'s default, against {name} --help:\n{entry}"
                );
            }
            covered.insert((name, flag.clone()));
        }
    }
    for (name, entries) in &helps {
        for (flag, entry) in entries {
            if entry.contains("[env: ") {
                assert!(
                    covered.contains(&(*name, flag.clone())),
                    "{name} {flag} has a variable but no row in the README's flag tables"
                );
            }
        }
    }
}
