//! Local check against official `aps build` output (not run by default).
//!
//! Point `APS_PHP_PAIRS` at a folder holding unpacked packages (anywhere
//! below it) that ship both `scripts/*.php` and the `schemas/*.schema.gen`
//! the official tool generated from them, then run
//! `APS_PHP_PAIRS=/tmp/php-pairs cargo test -p aps-php --test official_pairs -- --ignored --nocapture`.
//! The pairs are third-party packages and stay out of this repository.

use aps_diag::SourceFile;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn package_dirs(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    if root.join("schemas").is_dir() && root.join("scripts").is_dir() {
        out.push(root.to_path_buf());
    }
    for e in entries {
        let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if e.is_dir() && !matches!(name, "scripts" | "schemas" | "ui" | "vendor" | "images" | "i18n") {
            package_dirs(&e, out);
        }
    }
}

/// The first JSON pointer where the two values differ, ignoring key order.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &format!("{at}/{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{at}/{k}: only in ours ({v})")),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| format!("{at}/{k}: only in official ({})", y[k]))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}/{i}")))
        }
        _ if a == b => None,
        _ => Some(format!("{at}: ours {a}, official {b}")),
    }
}

#[test]
#[ignore = "needs official aps build output: set APS_PHP_PAIRS"]
fn generated_schemas_equal_official_ones() {
    let Some(root) = std::env::var_os("APS_PHP_PAIRS") else {
        eprintln!("APS_PHP_PAIRS is not set; nothing to compare");
        return;
    };
    let mut dirs = Vec::new();
    package_dirs(Path::new(&root), &mut dirs);
    let mut seen = HashSet::new();
    let mut results: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut equal, mut identical, mut differ, mut skipped, mut duplicates) = (0, 0, 0, 0, 0);
    for dir in dirs {
        let scripts_dir = dir.join("scripts");
        let mut scripts = Vec::new();
        let mut names: Vec<_> =
            std::fs::read_dir(&scripts_dir).unwrap().flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names {
            if p.extension().and_then(|e| e.to_str()) == Some("php") {
                let bytes = std::fs::read(&p).unwrap();
                let display = format!("scripts/{}", p.file_name().unwrap().to_string_lossy());
                scripts.push(SourceFile::from_bytes(display, bytes).0);
            }
        }
        let generation = aps_php::generate(&scripts, &|_| true);
        if std::env::var_os("APS_PHP_PAIRS_DIAGS").is_some() {
            let opts = aps_diag::HumanOptions { summary: false, ..Default::default() };
            eprint!("{}", aps_diag::render_human(&generation.diagnostics, &opts));
        }
        let mut gens: Vec<_> =
            std::fs::read_dir(dir.join("schemas")).unwrap().flatten().map(|e| e.path()).collect();
        gens.sort();
        let label = dir.strip_prefix(&root).unwrap_or(&dir).display().to_string();
        for g in gens.into_iter().filter(|g| g.to_string_lossy().ends_with(".schema.gen")) {
            let official_text = String::from_utf8_lossy(&std::fs::read(&g).unwrap()).into_owned();
            let mut lines = official_text.splitn(3, '\n');
            let header = lines.next().unwrap_or("");
            let _ = lines.next();
            let body = lines.next().unwrap_or("");
            let Some(script) = header.split('\'').nth(3) else { continue };
            let script_text = scripts.iter().find(|s| s.path() == script).map(|s| s.text().to_string());
            let mut h = DefaultHasher::new();
            (script, &script_text, &official_text).hash(&mut h);
            let file = g.file_name().unwrap().to_string_lossy().to_string();
            let entry = results.entry(label.clone()).or_default();
            if !seen.insert(h.finish()) {
                duplicates += 1;
                continue;
            }
            let official: Value = match serde_json::from_str(body) {
                Ok(v) => v,
                Err(_) => {
                    skipped += 1;
                    entry.push(format!("  {file}: skipped (the official build wrote no JSON)"));
                    continue;
                }
            };
            let Some(ours) = generation.type_of_file(script) else {
                differ += 1;
                entry.push(format!("  {file}: DIFF (nothing generated from {script})"));
                continue;
            };
            match first_difference(&ours.value, &official, "") {
                None => {
                    equal += 1;
                    let text = ours.text(script);
                    let same_bytes = text == official_text.trim_end_matches('\n');
                    identical += usize::from(same_bytes);
                    // Why the bytes differ: blank lines the script echoed, or another indentation.
                    let without_blank: Vec<&str> = official_text
                        .trim_end_matches('\n')
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| if l.trim() == "{" { "{" } else { l })
                        .collect();
                    let why = if same_bytes {
                        ", byte-identical"
                    } else if without_blank.join("\n") == text {
                        ", byte-identical but for whitespace the script echoed"
                    } else if official_text.contains("\n  \"apsVersion\"") {
                        " (official uses two-space indentation)"
                    } else {
                        " (formatting differs)"
                    };
                    entry.push(format!("  {file}: JSON-equal{why}"));
                }
                Some(d) => {
                    differ += 1;
                    entry.push(format!("  {file}: DIFF {d}"));
                }
            }
        }
    }
    for (pkg, lines) in &results {
        if !lines.is_empty() {
            eprintln!("{pkg}");
            for l in lines {
                eprintln!("{l}");
            }
        }
    }
    eprintln!(
        "unique pairs: {} JSON-equal ({identical} byte-identical), {differ} different, {skipped} skipped; {duplicates} duplicates",
        equal
    );
    assert_eq!(differ, 0, "generated schemas differ from the official ones");
}
