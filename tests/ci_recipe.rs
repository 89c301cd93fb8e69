//! The GitHub Actions workflow in the README is a recipe users copy: it must stay valid YAML,
//! its shell steps must parse, and every `aps-pack` command it runs must be one this version
//! of the command line accepts, so that renaming a flag cannot silently break it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use yaml_rust2::{Yaml, YamlLoader};

const HEADING: &str = "### CI: a GitHub Actions workflow";

/// The first ```` ```yaml ```` block below the recipe's heading.
fn workflow_text() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let section = readme.split_once(HEADING).expect("the README has the CI recipe section").1;
    let block = section.split_once("```yaml\n").expect("the recipe has a yaml block").1;
    block.split_once("\n```").expect("the yaml block is closed").0.to_string()
}

fn workflow() -> Yaml {
    let mut docs = YamlLoader::load_from_str(&workflow_text()).expect("the workflow is valid YAML");
    assert_eq!(docs.len(), 1, "one YAML document");
    docs.remove(0)
}

fn steps(workflow: &Yaml) -> Vec<&Yaml> {
    let jobs = workflow["jobs"].as_hash().expect("jobs is a mapping");
    assert!(!jobs.is_empty(), "the workflow has jobs");
    jobs.values().flat_map(|job| job["steps"].as_vec().expect("every job has steps").iter()).collect()
}

/// `${{ … }}` expressions are GitHub's, resolved before the shell sees the script.
fn without_expressions(script: &str) -> String {
    let mut out = String::new();
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("expression closed") + start + 2;
        out.push_str("EXPR");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every `aps-pack …` command of a script, as the arguments after the program name.
fn aps_pack_commands(script: &str) -> Vec<Vec<String>> {
    const OPERATORS: &[&str] = &["||", "&&", "|", ";", "do", "then"];
    let mut commands = Vec::new();
    // A `\` at the end of a line continues the command on the next, as the shell reads it.
    for line in without_expressions(script).replace("\\\n", " ").lines() {
        let words = shlex::split(line.trim()).unwrap_or_else(|| panic!("shell words of {line:?}"));
        let mut at_command = true;
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_str();
            if at_command && word == "aps-pack" {
                let mut args = Vec::new();
                i += 1;
                while i < words.len() && !OPERATORS.contains(&words[i].as_str()) {
                    if words[i].starts_with('>') || words[i].starts_with('<') {
                        i += 2; // a redirection and its target
                        continue;
                    }
                    args.push(words[i].clone());
                    i += 1;
                }
                commands.push(args);
                continue;
            }
            at_command = OPERATORS.contains(&word);
            i += 1;
        }
    }
    commands
}

#[test]
fn every_shell_step_parses_with_bash() {
    let workflow = workflow();
    let scripts: Vec<&str> = steps(&workflow).iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(scripts.len() >= 4, "the recipe runs its commands in shell steps");
    for script in scripts {
        let mut bash = Command::new("bash")
            .arg("-n")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash is installed");
        bash.stdin.take().expect("stdin").write_all(without_expressions(script).as_bytes()).expect("write");
        let out = bash.wait_with_output().expect("bash ran");
        assert!(out.status.success(), "bash -n rejects:\n{script}\n{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn every_aps_pack_command_is_accepted_by_this_command_line() {
    use clap::Parser;
    let workflow = workflow();
    let mut used = BTreeSet::new();
    for script in steps(&workflow).iter().filter_map(|s| s["run"].as_str()) {
        for args in aps_pack_commands(script) {
            let argv = std::iter::once("aps-pack".to_string()).chain(args.iter().cloned());
            if let Err(e) = aps_pack::cli::Cli::try_parse_from(argv) {
                panic!("the recipe runs `aps-pack {}`, which this version refuses:\n{e}", args.join(" "));
            }
            let words: Vec<&str> =
                args.iter().map(String::as_str).take_while(|a| !a.starts_with('-')).collect();
            used.insert(match words.as_slice() {
                ["zstack", sub, ..] => format!("zstack {sub}"),
                [first, ..] => first.to_string(),
                [] => String::new(),
            });
        }
    }
    for needed in ["lint", "build", "verify", "zstack package", "zstack publish"] {
        assert!(used.contains(needed), "the recipe runs `aps-pack {needed}`; it ran {used:?}");
    }
}

#[test]
fn secrets_reach_the_commands_only_through_the_environment() {
    let workflow = workflow();
    for step in steps(&workflow) {
        if let Some(script) = step["run"].as_str() {
            assert!(!script.contains("secrets."), "a run script names a secret directly:\n{script}");
        }
    }
    let text = workflow_text();
    assert!(text.contains("--sign-password-env"), "the password is named by its variable");
    for action in text.lines().filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: ")) {
        assert!(
            action.rsplit_once('@').is_some_and(|(_, v)| v.starts_with('v')),
            "{action} is pinned to a major version"
        );
    }
}

#[test]
fn the_command_finder_sees_commands_after_operators_and_skips_redirections() {
    let found =
        aps_pack_commands("command -v aps-pack || aps-pack lint --format sarif . > out.sarif || test -s x\n");
    assert_eq!(found, vec![vec!["lint".to_string(), "--format".into(), "sarif".into(), ".".into()]]);
    let continued = aps_pack_commands("aps-pack build . \\\n  --out-dir dist\n");
    assert_eq!(continued, vec![vec!["build".to_string(), ".".into(), "--out-dir".into(), "dist".into()]]);
}
