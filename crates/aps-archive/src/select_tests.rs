use super::*;

fn tree(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, f.as_bytes()).unwrap();
    }
    dir
}

fn names_of(sel: &Selection) -> Vec<&str> {
    sel.files.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn default_exclusions() {
    let dir = tree(&[
        "APP-META.xml",
        "APP-LIST.xml",
        "aps-pack.toml",
        "deployment.xml",
        "deploy-image/x.bin",
        ".git/config",
        "ui/.svn/entries",
        ".idea/workspace.xml",
        ".vscode/settings.json",
        ".settings/org.eclipse.core.resources.prefs",
        ".project",
        ".classpath",
        "ui/.DS_Store",
        "old-1.0-1.app.zip",
        "ui/app.js",
        "scripts/logs/.gitignore",
        "sub/deployment.xml",
    ]);
    let sel = select(dir.path(), &SelectOptions::default()).unwrap();
    assert!(sel.diagnostics.is_empty(), "{:?}", sel.diagnostics);
    assert_eq!(
        names_of(&sel),
        ["APP-META.xml", "scripts/logs/.gitignore", "sub/deployment.xml", "ui/app.js"]
    );
    assert_eq!(sel.dirs, ["scripts/", "scripts/logs/", "sub/", "ui/"]);
    assert!(sel.committed_app_list.is_some());
}

#[test]
fn what_a_vendor_would_not_ship_is_left_out_with_a_reason() {
    let dir = tree(&[
        "APP-META.xml",
        "model.aird",
        "model.types",
        ".gitignore",
        ".gitattributes",
        ".github/workflows/ci.yml",
        ".pre-commit-config.yaml",
        ".env",
        ".env.production",
        "signing.pem",
        "certs/vendor.key",
        "certs/vendor.pfx",
        "scripts/vendor/ca/cacert.pem",
        "scripts/app.php",
        "scripts/logs/.gitkeep",
        "ui/node_modules/left-pad/index.js",
        "ui/app.js",
    ]);
    let opts = SelectOptions { declared: vec!["scripts".into(), "ui".into()], ..Default::default() };
    let sel = select(dir.path(), &opts).unwrap();
    assert!(sel.diagnostics.is_empty(), "{:?}", sel.diagnostics);
    assert_eq!(
        names_of(&sel),
        [
            "APP-META.xml",
            "scripts/app.php",
            "scripts/logs/.gitkeep",
            "scripts/vendor/ca/cacert.pem",
            "ui/app.js"
        ]
    );
    let reasons: Vec<(&str, &str)> =
        sel.excluded.iter().map(|e| (e.name.as_str(), e.reason.as_str())).collect();
    let reason = |name: &str| {
        reasons
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{name}: {reasons:?}"))
    };
    assert!(reason("model.aird").contains("APS IDE"));
    assert!(reason(".gitignore").contains("git metadata"));
    assert!(reason(".github/").contains("git metadata"));
    assert!(reason(".pre-commit-config.yaml").contains("tool configuration"));
    assert!(reason(".env.production").contains("secrets"));
    assert!(reason("signing.pem").contains("outside the package's own folders"));
    assert!(reason("certs/vendor.pfx").contains("key or certificate"));
    assert!(reason("ui/node_modules/").contains("node_modules"));
}

#[test]
fn gitignore_of_the_package_and_its_repository_applies() {
    let repo = tree(&[
        ".git/HEAD",
        ".gitignore",
        "pkg/APP-META.xml",
        "pkg/.gitignore",
        "pkg/ui/app.js",
        "pkg/ui/app.js.map",
        "pkg/ui/keep.log",
        "pkg/ui/debug.log",
        "pkg/scripts/.gitignore",
        "pkg/scripts/app.php",
        "pkg/scripts/local.php",
        "pkg/dist/bundle.js",
    ]);
    std::fs::write(repo.path().join(".gitignore"), "*.map\n/pkg/dist/\n").unwrap();
    std::fs::write(repo.path().join("pkg/.gitignore"), "*.log\n!keep.log\n").unwrap();
    std::fs::write(repo.path().join("pkg/scripts/.gitignore"), "local.php\n").unwrap();
    let sel = select(&repo.path().join("pkg"), &SelectOptions::default()).unwrap();
    assert_eq!(
        names_of(&sel),
        ["APP-META.xml", "scripts/.gitignore", "scripts/app.php", "ui/app.js", "ui/keep.log"]
    );
    let reason = |name: &str| {
        sel.excluded.iter().find(|e| e.name == name).map(|e| e.reason.clone()).unwrap_or_default()
    };
    assert!(reason("ui/debug.log").contains("ignored by .gitignore (`*.log`)"), "{:?}", sel.excluded);
    assert!(reason("scripts/local.php").contains("scripts/.gitignore"), "{:?}", sel.excluded);
    assert!(reason("ui/app.js.map").contains("`*.map`"), "{:?}", sel.excluded);
    assert!(reason("dist/").contains("/pkg/dist/"), "{:?}", sel.excluded);
    // APP-META.xml is packaged even when a .gitignore names it.
    std::fs::write(repo.path().join("pkg/.gitignore"), "*.log\n!keep.log\nAPP-META.xml\n").unwrap();
    let sel = select(&repo.path().join("pkg"), &SelectOptions::default()).unwrap();
    assert!(names_of(&sel).contains(&"APP-META.xml"));
    // An include glob puts back what .gitignore drops.
    let opts = SelectOptions { include: vec!["debug.log".into()], ..Default::default() };
    let sel = select(&repo.path().join("pkg"), &opts).unwrap();
    assert!(names_of(&sel).contains(&"ui/debug.log"));
}

#[test]
fn include_and_exclude_globs() {
    let dir = tree(&["APP-META.xml", "a.bak", "ui/b.bak", "tests/t.php", ".settings/keep.txt", "ui/app.js"]);
    let opts = SelectOptions {
        include: vec![".settings".into(), "tests/t.php".into()],
        exclude: vec!["*.bak".into(), "tests/**".into()],
        ..Default::default()
    };
    let sel = select(dir.path(), &opts).unwrap();
    assert_eq!(names_of(&sel), [".settings/keep.txt", "APP-META.xml", "ui/app.js"]);
}

#[test]
fn anchored_glob_matches_only_at_root() {
    let dir = tree(&["APP-META.xml", "notes.txt", "ui/notes.txt"]);
    let opts = SelectOptions { exclude: vec!["/notes.txt".into()], ..Default::default() };
    let sel = select(dir.path(), &opts).unwrap();
    assert_eq!(names_of(&sel), ["APP-META.xml", "ui/notes.txt"]);
}

#[test]
fn tool_files_are_left_out_with_their_reason() {
    let dir = tree(&["APP-META.xml", "lint/accepted.json", "ui/accepted.json"]);
    let what = "the lint baseline".to_string();
    let opts =
        SelectOptions { tool_files: vec![("lint/accepted.json".into(), what.clone())], ..Default::default() };
    let sel = select(dir.path(), &opts).unwrap();
    assert_eq!(names_of(&sel), ["APP-META.xml", "ui/accepted.json"]);
    assert!(
        sel.excluded.iter().any(|e| e.name == "lint/accepted.json" && e.reason == what),
        "{:?}",
        sel.excluded
    );
}

#[test]
fn bad_glob_is_an_error() {
    let dir = tree(&["APP-META.xml"]);
    let opts = SelectOptions { exclude: vec!["a[".into()], ..Default::default() };
    let err = select(dir.path(), &opts).unwrap_err();
    assert_eq!(err.setting, "exclude");
    assert!(err.to_string().contains("`a[`"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_inside_are_followed_outside_refused() {
    let outside = tree(&["secret.txt"]);
    let dir = tree(&["APP-META.xml", "shared/lib.js"]);
    std::os::unix::fs::symlink(dir.path().join("shared"), dir.path().join("ui")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("broken")).unwrap();
    let sel = select(dir.path(), &SelectOptions::default()).unwrap();
    assert_eq!(names_of(&sel), ["APP-META.xml", "shared/lib.js", "ui/lib.js"]);
    let codes: Vec<_> = sel.diagnostics.iter().map(|d| (d.code(), d.message.clone())).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert!(codes.iter().any(|(c, m)| *c == "PKG007" && m.contains("`broken` is broken")), "{codes:?}");
    assert!(codes.iter().any(|(c, m)| *c == "PKG004" && m.contains("`leak.txt`")), "{codes:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let dir = tree(&["APP-META.xml", "ui/app.js"]);
    std::os::unix::fs::symlink(dir.path().join("ui"), dir.path().join("ui/again")).unwrap();
    let sel = select(dir.path(), &SelectOptions::default()).unwrap();
    assert!(
        sel.diagnostics.iter().any(|d| d.code() == "PKG007" && d.message.contains("loops")),
        "{:?}",
        sel.diagnostics
    );
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_name_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree(&["APP-META.xml"]);
    let name = std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9.txt");
    std::fs::write(dir.path().join(name), b"x").unwrap();
    let sel = select(dir.path(), &SelectOptions::default()).unwrap();
    assert_eq!(sel.diagnostics.len(), 1);
    assert_eq!(sel.diagnostics[0].code(), "PKG001");
    assert!(
        sel.diagnostics[0].message.contains("r\u{FFFD}sum\u{FFFD}.txt"),
        "{}",
        sel.diagnostics[0].message
    );
}

#[test]
fn non_portable_and_colliding_names() {
    let dir = tree(&["APP-META.xml", "ui/App.js", "ui/app.js", "bad:dir/x.js", "bad:dir/y.js", "aux.php"]);
    let sel = select(dir.path(), &SelectOptions::default()).unwrap();
    let found: Vec<_> = sel.diagnostics.iter().map(|d| (d.code(), d.message.clone())).collect();
    assert_eq!(found.iter().filter(|(c, _)| *c == "PKG002").count(), 2, "{found:?}");
    assert!(found.iter().any(|(c, m)| *c == "PKG002" && m.contains("folder name `bad:dir`")), "{found:?}");
    assert!(found.iter().any(|(c, m)| *c == "PKG002" && m.contains("`aux.php`")), "{found:?}");
    assert!(
        found.iter().any(|(c, m)| *c == "PKG003" && m.contains("`ui/app.js` and `ui/App.js`")),
        "{found:?}"
    );
}
