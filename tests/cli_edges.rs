//! The edges of the command line every command shares: broken pipes, missing paths.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

/// `aps-pack rules | head -1`: the reader goes away; the command ends quietly, with 0 (all
/// was written before) or the conventional 141, never a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [vec!["rules"], vec!["rules", "--format", "json"], vec!["explain", "JSN002"]] {
        for _ in 0..3 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_aps-pack"))
                .args(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            drop(child.stdout.take());
            let out = child.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(matches!(out.status.code(), Some(0) | Some(141)), "{args:?}: {:?} {err}", out.status);
        }
    }
}

/// SARIF and GitHub annotations name files by their path in the repository, whatever
/// folder the command ran in and however the path was typed.
#[test]
fn sarif_and_github_paths_are_relative_to_the_repository_root() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_tree(&root().join("fixtures/lint/broken-package"), &repo.join("pkg"));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let cwd = repo.join("pkg/schemas");

    let out = aps_pack(&cwd, &["lint", "--format", "sarif", ".."]);
    let sarif = json(&out);
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "pkg/APP-META.xml", "{sarif:#}");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap().to_string();
    assert!(base.starts_with("file://") && base.ends_with("/repo/"), "{base}");

    let out = aps_pack(&cwd, &["lint", "--format", "github", "../schemas/app.schema"]);
    let text = stdout(&out);
    assert!(text.contains("file=pkg/schemas/app.schema,line=8"), "{text}");

    let abs = repo.join("pkg");
    let out = aps_pack(
        tmp.path(),
        &["lint", "--format", "github", "--root", abs.to_str().unwrap(), abs.to_str().unwrap()],
    );
    let text = stdout(&out);
    assert!(text.contains("file=APP-META.xml,line=15"), "{text}");
}

/// A missing path, a path of the wrong kind and a folder that is not a package are
/// worded one way in every command, with a help line, and exit 2.
#[test]
fn bad_paths_are_worded_one_way_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        vec!["lint", "nope"],
        vec!["build", "nope"],
        vec!["verify", "nope.app.zip"],
        vec!["inspect", "nope"],
        vec!["schema", "gen", "nope"],
        vec!["zstack", "package", "nope"],
    ] {
        let out = aps_pack(tmp.path(), &args);
        assert_eq!(code(&out), 2, "{args:?}\n{}", show(&out));
        let err = stderr(&out);
        assert!(err.contains("nope") && err.contains("no such file or folder"), "{args:?}: {err}");
        assert!(err.contains("help:"), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
    // A folder with no package below it either (a folder of packages is built package by package).
    let out = aps_pack(root(), &["build", "docs", "-o", tmp.path().join("x.app.zip").to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(stderr(&out).contains("not an APS package (no APP-META.xml)"), "{}", show(&out));
    let out = aps_pack(root(), &["verify", "fixtures"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
}

/// One bad path does not hide the findings of the others.
#[test]
fn other_paths_are_still_checked() {
    let out = aps_pack(root(), &["lint", "fixtures/lint/broken-package", "nope"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(stdout(&out).contains("JSN002"), "{}", show(&out));
    assert!(stderr(&out).contains("nope: no such file or folder"), "{}", show(&out));
}

#[test]
fn verbosity_can_be_repeated() {
    let out = aps_pack(root(), &["-vv", "lint", "examples/hello-cloud"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

/// `zstack package` reads arch and version from `…/<arch>/<version>`, and writes to `dist/`.
#[test]
fn zstack_package_infers_arch_and_version_from_the_layout() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/zstack"), &tmp.path().join("apps"));
    let out = aps_pack(tmp.path(), &["zstack", "package", "apps/example.hello.web/x86_64/1.0.0"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let bin = tmp
        .path()
        .join("dist/application_no_image_bins/example.hello.web/x86_64/1.0.0/example.hello.web__x86_64__1.0.0__no_images.bin");
    assert!(bin.is_file(), "{}", show(&out));
}

/// Human output wraps to the terminal width (`COLUMNS`), and the underline under a
/// snippet starts at the column of the span in the source line above it.
#[test]
fn human_output_wraps_to_80_columns_with_aligned_underlines() {
    let out = common::command(root())
        .args(["lint", "fixtures/lint/broken-package"])
        .env("COLUMNS", "80")
        .output()
        .expect("run");
    let text = stdout(&out);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "longer than 80 columns: {line:?}\n{text}");
    }
    // `15 │         <schema path="schemas/tenant.schema"/>`, the span being the path value.
    let lines: Vec<&str> = text.lines().collect();
    let at =
        lines.iter().position(|l| l.contains("<schema path=\"schemas/tenant.schema\"/>")).expect("snippet");
    let source = lines[at];
    let underline = lines[at + 1];
    let span_col = source.chars().position(|c| c == '"').expect("quote") + 1;
    let mark_col = underline.chars().position(|c| c == '─' || c == '^').expect("underline");
    assert_eq!(mark_col, span_col, "\n{source}\n{underline}");
    // The message itself was wrapped, not cut.
    assert!(text.contains("is not in the"), "{text}");
}

/// `build` and `verify` count the same files, `build` does not follow "built …" with
/// "no problems found", and a malformed `--severity` suggests rules that exist.
#[test]
fn build_and_verify_agree_and_help_texts_name_real_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let out = aps_pack(
        tmp.path(),
        &["build", root().join("examples/hello-cloud").to_str().unwrap(), "-o", "x.app.zip"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let built = stderr(&out);
    assert!(!stdout(&out).contains("no problems found"), "{}", show(&out));
    let out = aps_pack(tmp.path(), &["verify", "x.app.zip"]);
    let verified = stderr(&out);
    let count = |text: &str| {
        text.split_once(" files").and_then(|(head, _)| head.rsplit('(').next().map(str::to_string))
    };
    assert_eq!(count(&built), count(&verified), "{built}\n{verified}");

    let out = aps_pack(
        tmp.path(),
        &["lint", "--severity", "WIZ117", root().join("examples/hello-cloud").to_str().unwrap()],
    );
    assert_eq!(code(&out), 2, "{}", show(&out));
    let help = stderr(&out);
    let rules = stdout(&aps_pack(tmp.path(), &["rules"]));
    for code in ["WIZ117", "APS113"] {
        assert!(help.contains(code) && rules.contains(code), "{help}");
    }
}

/// `-V`/`--version` print aps-pack's version in every command, `zstack package` included
/// (its application version is `--app-version`).
#[test]
fn every_command_keeps_the_version_flag() {
    for args in [
        vec!["-V"],
        vec!["lint", "-V"],
        vec!["zstack", "package", "-V"],
        vec!["zstack", "publish", "--version"],
    ] {
        let out = aps_pack(root(), &args);
        assert_eq!(code(&out), 0, "{args:?}\n{}", show(&out));
        assert!(stdout(&out).contains("0.1.0"), "{args:?}\n{}", show(&out));
    }
}

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/hello-cloud");

/// Under a file-size limit (`ulimit -f`), a build whose archive outgrows it fails with a
/// message and removes its temporary files, instead of being killed by SIGXFSZ and
/// leaving them.
#[test]
fn a_file_size_limit_fails_the_build_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    copy_tree(Path::new(EXAMPLE), &pkg);
    // Incompressible, so the archive is larger than the limit of 64 KiB.
    let noise: Vec<u8> = (1..=200_000u64)
        .scan(0x9E37_79B9_7F4A_7C15u64, |x, _| {
            *x ^= *x << 13;
            *x ^= *x >> 7;
            *x ^= *x << 17;
            Some((*x >> 32) as u8)
        })
        .collect();
    std::fs::write(pkg.join("images/noise.bin"), noise).unwrap();
    let out_dir = tmp.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 64 && exec \"$0\" build --out-dir \"$1\" \"$2\"")
        .arg(env!("CARGO_BIN_EXE_aps-pack"))
        .arg(&out_dir)
        .arg(&pkg)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "killed or succeeded: {:?}\n{err}", out.status);
    assert!(err.contains("File too large"), "{err}");
    // The archive that could not be written is named, with what to do.
    let archive = out_dir.join("Hello-Cloud-1.2-3.app.zip");
    assert!(err.contains(&format!("cannot write the archive {}", archive.display())), "{err}");
    assert!(err.contains("raise the file-size limit"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// An output path through a file says which part of it is a file.
#[test]
fn an_output_folder_that_is_a_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("afile"), "").unwrap();
    let out = aps_pack(tmp.path(), &["build", "-o", "afile/sub/x.app.zip", EXAMPLE]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("cannot create the folder afile/sub for the archive: afile is a file, not a folder"),
        "{err}"
    );
}

/// Standard output cut short by a file-size limit is an error (exit 2), not a success with
/// half the listing.
#[test]
fn standard_output_cut_short_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 1 && exec \"$0\" rules > \"$1\"")
        .arg(env!("CARGO_BIN_EXE_aps-pack"))
        .arg(tmp.path().join("rules.txt"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{:?}\n{err}", out.status);
    assert!(err.contains("cannot write to standard output: File too large"), "{err}");
}

/// An output path that cannot be written is refused before any work (the packages here have
/// errors, which would stop the command with exit 1 had they been read): exit 2, a message
/// naming the path and what is there instead, and nothing written.
#[cfg(unix)]
#[test]
fn unusable_output_paths_are_named_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let made = Command::new("mkfifo").arg(tmp.path().join("fifo")).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("loop", tmp.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere", tmp.path().join("dangling")).unwrap();
    std::fs::write(tmp.path().join("afile"), "").unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let pkg = root().join("fixtures/lint/broken-package");
    let app = root().join("crates/aps-zstack/tests/fixtures/apps/ZST110-invalid-value");
    let (pkg, app) = (pkg.to_str().unwrap(), app.to_str().unwrap());
    let zstack = |out: &'static str| {
        vec!["zstack", "package", app, "--arch", "x86_64", "--app-version", "1.0", "--out-dir", out]
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["build", pkg, "-o", "fifo/x.app.zip"], "cannot write the archive fifo/x.app.zip: fifo is a FIFO, not a folder"),
        (
            vec!["build", pkg, "-o", "loop/x.app.zip"],
            "cannot write the archive loop/x.app.zip: loop is a link that leads round in a loop (to `loop`)",
        ),
        (
            vec!["build", pkg, "-o", "dangling/x.app.zip"],
            "cannot write the archive dangling/x.app.zip: dangling is a link that leads nowhere (to `nowhere`)",
        ),
        (
            vec!["build", pkg, "-o", "newdir/"],
            "the output newdir/ ends with `/`: -o takes the archive's file name, such as newdir/NAME.app.zip \
             (or use --out-dir newdir/ to name it <name>-<version>-<release>.app.zip)",
        ),
        (
            vec!["build", pkg, "-o", "dangling"],
            "the output dangling exists and is a link that leads nowhere (to `nowhere`), not a regular file",
        ),
        (vec!["build", pkg, "-o", "fifo"], "the output fifo exists and is a FIFO, not a regular file"),
        (vec!["build", pkg, "--out-dir", "fifo"], "the out-dir fifo is a FIFO, not a folder"),
        (vec!["build", pkg, "--out-dir", "dangling"], "the out-dir dangling is a link that leads nowhere (to `nowhere`)"),
        (
            vec!["build", pkg, "--out-dir", "fifo/sub"],
            "cannot create the folder fifo/sub for the archive: fifo is a FIFO, not a folder",
        ),
        (zstack("fifo"), "the output folder fifo is a FIFO, not a folder"),
        (zstack("loop"), "the output folder loop is a link that leads round in a loop (to `loop`)"),
        (zstack("dangling"), "the output folder dangling is a link that leads nowhere (to `nowhere`)"),
        (
            zstack("dangling/sub"),
            "the output folder dangling/sub cannot be created: dangling is a link that leads nowhere (to `nowhere`)",
        ),
        (zstack("afile"), "the output folder afile is a file, not a folder"),
        // A trailing `/` or `/.` names the same path, and is checked as early.
        (vec!["build", pkg, "--out-dir", "afile/"], "the out-dir afile is a file, not a folder"),
        (vec!["build", pkg, "--out-dir", "fifo/."], "the out-dir fifo is a FIFO, not a folder"),
        (zstack("afile/"), "the output folder afile is a file, not a folder"),
        (zstack("dangling/"), "the output folder dangling is a link that leads nowhere (to `nowhere`)"),
    ];
    for (args, message) in cases {
        let out = aps_pack(tmp.path(), &args);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{args:?}\n{}", show(&out));
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
        assert_eq!(listing(), before, "{args:?} wrote something");
    }
}

/// Under a file-size limit that application.tar.gz fits and the .bin does not, `zstack
/// package` fails naming the .bin, and leaves neither artefact, no temporary file and no
/// folder it made; an output folder that was there before stays.
#[test]
fn a_file_size_limit_fails_zstack_package_and_leaves_neither_artefact() {
    let tmp = tempfile::tempdir().unwrap();
    let app = root().join("examples/zstack/example.hello.web/x86_64/1.0.0");
    for existed in [true, false] {
        let out_dir = tmp.path().join(if existed { "there" } else { "new" });
        if existed {
            std::fs::create_dir(&out_dir).unwrap();
        }
        // 4 KiB: the example's application.tar.gz is under 1 KiB, its .bin over 20 KiB.
        let out = Command::new("bash")
            .arg("-c")
            .arg("ulimit -f 4 && exec \"$0\" zstack package \"$1\" --out-dir \"$2\"")
            .arg(env!("CARGO_BIN_EXE_aps-pack"))
            .arg(&app)
            .arg(&out_dir)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "killed or succeeded: {:?}\n{err}", out.status);
        let bin = out_dir.join(
            "application_no_image_bins/example.hello.web/x86_64/1.0.0/example.hello.web__x86_64__1.0.0__no_images.bin",
        );
        assert!(err.contains(&format!("error: cannot write {}: File too large", bin.display())), "{err}");
        if existed {
            let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().path()).collect();
            assert!(left.is_empty(), "left behind: {left:?}");
        } else {
            assert!(!out_dir.exists(), "{} was left behind", out_dir.display());
        }
    }
}
