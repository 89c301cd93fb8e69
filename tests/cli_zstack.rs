//! End-to-end tests of `aps-pack zstack …` and of the `.bin` installers it
//! writes, run with the real `bash`, `tar` and coreutils as independent checkers.

mod common;

use common::{code, copy_tree, root, show};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CORPUS_APP: &str = "fixtures/corpus/zstack/zstack_io_grafana/x86_64/11.2.0";
const CORPUS_INDEX: &str = "fixtures/corpus/zstack/index.json";
const OK_APP: &str = "crates/aps-zstack/tests/fixtures/apps/ok";
/// `update_at` of the corpus index.json: installs made with it must reproduce that file.
const CORPUS_EPOCH: &str = "1731488904";

fn aps_pack(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aps-pack"));
    cmd.args(args).env_remove("SOURCE_DATE_EPOCH").current_dir(root());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run aps-pack")
}

/// bash by absolute path: some tests run the installer with a reduced PATH.
fn bash_path() -> PathBuf {
    let o = Command::new("bash").args(["-c", "command -v bash"]).output().expect("bash");
    PathBuf::from(String::from_utf8_lossy(&o.stdout).trim())
}

fn bash(bin: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(bash_path());
    cmd.arg(bin).args(args).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run bash")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// Every file and folder under `dir`: relative path → content (`None` for folders).
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        let mut entries: Vec<_> =
            std::fs::read_dir(dir).expect("read_dir").map(|e| e.expect("entry")).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let rel = p.strip_prefix(base).expect("prefix").to_string_lossy().into_owned();
            if p.is_dir() {
                out.insert(format!("{rel}/"), None);
                walk(base, &p, out);
            } else {
                out.insert(rel, Some(std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn paths(t: &BTreeMap<String, Option<Vec<u8>>>) -> Vec<&str> {
    t.keys().map(String::as_str).collect()
}

/// A qcow2 image of `virtual_size` bytes: `qemu-img` when present, else a
/// hand-written version 3 header with consistent tables.
fn make_image(path: &Path, virtual_size: u64) {
    let made = Command::new("qemu-img")
        .args(["create", "-q", "-f", "qcow2", s(path), &virtual_size.to_string()])
        .status()
        .map(|st| st.success())
        .unwrap_or(false);
    if made {
        return;
    }
    let cluster = 1u64 << 16;
    let mut h = vec![0u8; 104];
    h[..4].copy_from_slice(b"QFI\xfb");
    h[4..8].copy_from_slice(&3u32.to_be_bytes());
    h[20..24].copy_from_slice(&16u32.to_be_bytes());
    h[24..32].copy_from_slice(&virtual_size.to_be_bytes());
    let l1_size = virtual_size.div_ceil(cluster * (cluster / 8)) as u32;
    h[36..40].copy_from_slice(&l1_size.to_be_bytes());
    h[40..48].copy_from_slice(&(3 * cluster).to_be_bytes());
    h[48..56].copy_from_slice(&cluster.to_be_bytes());
    h[56..60].copy_from_slice(&1u32.to_be_bytes());
    h[96..100].copy_from_slice(&4u32.to_be_bytes());
    h[100..104].copy_from_slice(&104u32.to_be_bytes());
    h.resize((4 * cluster) as usize, 0);
    std::fs::write(path, h).expect("write image");
}

/// The corpus Grafana version under `<tmp>/applications/zstack_io_grafana/x86_64/<version>`,
/// with a `src/` written here (the corpus leaves it out).
fn grafana_app(tmp: &Path, version: &str) -> PathBuf {
    let dir = tmp.join("applications/zstack_io_grafana/x86_64").join(version);
    copy_tree(&root().join(CORPUS_APP), &dir);
    std::fs::create_dir_all(dir.join("src")).expect("mkdir src");
    std::fs::write(
        dir.join("src/main.tf"),
        "resource \"zstack_vm\" \"vm\" {\n  name = \"Grafana\"\n  root_disk = {\n    size = {{.root_disk_size}}\n  }\n  \
         l3_network_uuids = {{.l3_network_uuids}}\n  memory_size = {{.memory_size}}\n  cpu_num = {{.cpu_num}}\n}\n",
    )
    .expect("write");
    let outputs: String = [
        "vm_uuids",
        "application_protocol",
        "application_ip",
        "application_port",
        "default_account",
        "default_password",
    ]
    .iter()
    .map(|o| format!("output \"{o}\" {{\n  value = \"{o}\"\n}}\n\n"))
    .collect();
    std::fs::write(dir.join("src/output.tf"), outputs).expect("write");
    dir
}

fn only_file(dir: &Path, ext: &str) -> PathBuf {
    let mut found = Vec::new();
    fn walk(d: &Path, ext: &str, found: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, ext, found);
            } else if p.to_string_lossy().ends_with(ext) {
                found.push(p);
            }
        }
    }
    walk(dir, ext, &mut found);
    assert_eq!(found.len(), 1, "expected one *{ext} under {}: {found:?}", dir.display());
    found.remove(0)
}

fn package(
    dir: &Path,
    version: &str,
    arch: &str,
    extra: &[&str],
    out: &Path,
    envs: &[(&str, &str)],
) -> Output {
    let mut args =
        vec!["zstack", "package", s(dir), "--arch", arch, "--app-version", version, "--out-dir", s(out)];
    args.extend_from_slice(extra);
    aps_pack(&args, envs)
}

fn read_header_offset(bin: &Path) -> u64 {
    let head = std::fs::read(bin).expect("read bin");
    let text = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]).into_owned();
    let line = text.lines().find(|l| l.starts_with("readonly APS_PAYLOAD_OFFSET=")).expect("offset line");
    line.split('=').nth(1).expect("value").parse().expect("number")
}

#[test]
fn package_install_corpus_then_more_versions_and_apps() {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = tmp.path();
    let app = grafana_app(t, "11.2.0");
    let image = t.join("grafana.qcow2");
    make_image(&image, 64 << 20);
    let out = t.join("out");
    let o = package(
        &app,
        "11.2.0",
        "x86_64",
        &["--app-id", "zstack_io_grafana", "--image", s(&image)],
        &out,
        &[],
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    // The folder name is kept, but its disagreement with appId is reported.
    assert!(String::from_utf8_lossy(&o.stdout).contains("ZST120"), "{}", show(&o));
    let bin =
        out.join("application_bins/zstack_io_grafana/x86_64/11.2.0/zstack_io_grafana__x86_64__11.2.0.bin");
    let targz = out.join("application_targz/zstack_io_grafana/x86_64/11.2.0/application.tar.gz");
    assert!(bin.is_file() && targz.is_file(), "{}", show(&o));

    // application.tar.gz is flat and holds the folder, as GNU tar reads it.
    let listing = Command::new("tar").args(["-tzf", s(&targz)]).output().expect("tar");
    assert_eq!(
        String::from_utf8_lossy(&listing.stdout),
        "application.json\ninput.json\nlogo.png\noutput.json\nsrc/\nsrc/main.tf\nsrc/output.tf\n"
    );

    let repo = t.join("market repo");
    std::fs::create_dir(&repo).expect("mkdir");
    let o = bash(&bin, &[s(&repo)], &[("SOURCE_DATE_EPOCH", CORPUS_EPOCH)]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let after = tree(&repo);
    assert_eq!(
        paths(&after),
        [
            "index.json",
            "zstack_io_grafana/",
            "zstack_io_grafana/x86_64/",
            "zstack_io_grafana/x86_64/11.2.0/",
            "zstack_io_grafana/x86_64/11.2.0/application.tar.gz",
            "zstack_io_grafana/x86_64/11.2.0/image.qcow2",
        ]
    );
    let v = "zstack_io_grafana/x86_64/11.2.0";
    assert_eq!(after[&format!("{v}/application.tar.gz")], Some(std::fs::read(&targz).expect("read")));
    assert_eq!(after[&format!("{v}/image.qcow2")], Some(std::fs::read(&image).expect("read")));
    // Byte for byte the index ZStack's own tooling wrote for this repository.
    assert_eq!(after["index.json"], Some(std::fs::read(root().join(CORPUS_INDEX)).expect("corpus index")));

    // The installed archive unpacks to the source folder.
    let unpacked = t.join("unpacked");
    std::fs::create_dir(&unpacked).expect("mkdir");
    let st = Command::new("tar")
        .args(["-xzf", s(&repo.join(v).join("application.tar.gz")), "-C", s(&unpacked)])
        .status()
        .expect("tar");
    assert!(st.success());
    assert_eq!(tree(&unpacked), tree(&app));

    // A second version, then a second application (aarch64, no image).
    let app2 = grafana_app(t, "11.3.0");
    let o = package(
        &app2,
        "11.3.0",
        "x86_64",
        &["--app-id", "zstack_io_grafana", "--image", s(&image)],
        &out,
        &[],
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    let o = bash(
        &out.join("application_bins/zstack_io_grafana/x86_64/11.3.0/zstack_io_grafana__x86_64__11.3.0.bin"),
        &[s(&repo)],
        &[("SOURCE_DATE_EPOCH", "1800000000")],
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    let o = package(&root().join(OK_APP), "2.0", "aarch64", &[], &out, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let bin3 = out.join("application_no_image_bins/example.hello.web/aarch64/2.0/example.hello.web__aarch64__2.0__no_images.bin");
    let o = bash(&bin3, &[s(&repo)], &[("SOURCE_DATE_EPOCH", "1800000001")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let index = std::fs::read_to_string(repo.join("index.json")).expect("index");
    assert_eq!(
        index,
        r#"{
  "applications": [
    {
      "app_id": "example.hello.web",
      "support_versions": [
        {
          "architecture": "aarch64",
          "versions": [
            "2.0"
          ]
        }
      ]
    },
    {
      "app_id": "zstack_io_grafana",
      "support_versions": [
        {
          "architecture": "x86_64",
          "versions": [
            "11.2.0",
            "11.3.0"
          ]
        }
      ]
    }
  ],
  "update_at": 1800000001
}"#
    );
    assert!(!repo.join("example.hello.web/aarch64/2.0/image.qcow2").exists());

    // aps-pack's own index (from the folders alone) agrees with the installer's, byte for byte.
    let o = aps_pack(&["zstack", "index", "--check", s(&repo)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    std::fs::remove_file(repo.join("index.json")).expect("rm");
    let o = aps_pack(&["zstack", "index", s(&repo)], &[("SOURCE_DATE_EPOCH", "1800000001")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert_eq!(std::fs::read_to_string(repo.join("index.json")).expect("index"), index);
}

/// The bash index and `aps-pack zstack index` agree on awkward folder names
/// (spaces, quotes, backslashes, hidden and non-ASCII names, unknown architectures,
/// files, empty folders, symbolic links): only valid names count, links are never followed.
#[test]
fn bash_and_rust_indexes_agree_on_awkward_names() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("repo");
    for d in [
        "b app/x86_64/1.0",
        "a\"q\\b/x86_64/1.0",
        "Zeta/aarch64/10.0",
        "Zeta/aarch64/9.0",
        "Zeta/x86_64/.aps-stage.abc",
        "Zeta/x86_64/1 0",
        "Zeta/sparc64/1.0",
        "ok.app/x86_64/1.0+b",
        "empty/x86_64",
        "日本/x86_64/1.0",
        "tab\tname/x86_64/1.0",
        ".hidden/x86_64/1.0",
    ] {
        std::fs::create_dir_all(repo.join(d)).expect("mkdir");
    }
    std::fs::write(repo.join("Zeta/notes.txt"), "x").expect("write");
    // Folders outside the repository that links point at.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("x86_64/6.6.6")).expect("mkdir");
    std::os::unix::fs::symlink(&outside, repo.join("evil")).expect("symlink");
    std::os::unix::fs::symlink(outside.join("x86_64/6.6.6"), repo.join("Zeta/aarch64/9.9.9")).expect("ln");
    std::os::unix::fs::symlink(outside.join("x86_64"), repo.join("ok.app/aarch64")).expect("symlink");
    let out = tmp.path().join("out");
    let o = package(&root().join(OK_APP), "1.0", "x86_64", &[], &out, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let bin = only_file(&out.join("application_no_image_bins"), ".bin");
    let o = bash(&bin, &[s(&repo)], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let from_bash = std::fs::read_to_string(repo.join("index.json")).expect("index");
    for absent in
        ["empty", ".aps-stage", "hidden", "b app", "q\\\\b", "1 0", "sparc64", "evil", "9.9.9", "6.6.6"]
    {
        assert!(!from_bash.contains(absent), "{absent} is listed:\n{from_bash}");
    }
    let bash_err = String::from_utf8_lossy(&o.stderr).into_owned();
    for why in ["symbolic link", "not a valid application name", "not an architecture", "not a valid version"]
    {
        assert!(bash_err.contains(why), "bash does not say {why:?}: {}", show(&o));
    }
    let parsed: serde_json::Value = serde_json::from_str(&from_bash).expect("the bash index is valid JSON");
    let apps: Vec<&str> = parsed["applications"]
        .as_array()
        .expect("applications")
        .iter()
        .map(|a| a["app_id"].as_str().expect("app_id"))
        .collect();
    assert_eq!(apps, ["Zeta", "example.hello.web", "ok.app"], "{from_bash}");
    std::fs::remove_file(repo.join("index.json")).expect("rm");
    let o = aps_pack(&["zstack", "index", s(&repo)], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert_eq!(std::fs::read_to_string(repo.join("index.json")).expect("index"), from_bash);
    let rust_err = String::from_utf8_lossy(&o.stderr).into_owned();
    for what in ["ZST223", "`evil`", "`Zeta/aarch64/9.9.9`", "`ok.app/aarch64`", "ZST207", "`Zeta/sparc64`"] {
        assert!(rust_err.contains(what), "index does not report {what}: {}", show(&o));
    }
}

/// `verify-repo` reports links as findings and never reads through them.
#[test]
fn verify_repo_does_not_follow_symlinks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("cdn");
    std::fs::create_dir_all(&repo).expect("mkdir");
    let o = aps_pack(
        &["zstack", "publish", OK_APP, "--arch", "x86_64", "--app-version", "1.0", "--repo", s(&repo)],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    // A version-like folder outside the repository that verify-repo would flag if it read it.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("x86_64/6.6.6")).expect("mkdir");
    std::fs::write(outside.join("x86_64/6.6.6/application.tar.gz"), "not gzip").expect("write");
    std::fs::write(outside.join("x86_64/6.6.6/secret.txt"), "x").expect("write");
    std::os::unix::fs::symlink(&outside, repo.join("evil")).expect("symlink");
    std::os::unix::fs::symlink(outside.join("x86_64/6.6.6"), repo.join("example.hello.web/x86_64/9.9.9"))
        .expect("symlink");
    let o = aps_pack(&["zstack", "verify-repo", s(&repo)], &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(text.contains("ZST223"), "{text}");
    assert!(text.contains("evil") && text.contains("9.9.9"), "{text}");
    for followed in ["secret.txt", "6.6.6", "ZST222", "ZST204"] {
        assert!(!text.contains(followed), "verify-repo read through a link ({followed}): {text}");
    }
    let o = aps_pack(&["zstack", "index", "--check", s(&repo)], &[]);
    assert_eq!(code(&o), 0, "the links change nothing in the index: {}", show(&o));
}

/// Files named on the command line that are missing or not installers are usage/I/O errors
/// (exit 2), found before any work is done.
#[test]
fn missing_or_wrong_input_files_exit_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let missing = tmp.path().join("nonexist.qcow2");
    let o = package(&root().join(OK_APP), "1.0", "x86_64", &["--image", s(&missing)], &out, &[]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--image") && err.contains("no such file or folder") && !err.contains("SRC003"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");

    let repo = tmp.path().join("cdn");
    std::fs::create_dir_all(&repo).expect("mkdir");
    let o = aps_pack(
        &[
            "zstack",
            "publish",
            OK_APP,
            "--arch",
            "x86_64",
            "--app-version",
            "1.0",
            "--image",
            s(&missing),
            "--repo",
            s(&repo),
        ],
        &[],
    );
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file or folder"), "{}", show(&o));

    let garbage = tmp.path().join("garbage.bin");
    std::fs::write(&garbage, "just some bytes\n").expect("write");
    let o = aps_pack(&["zstack", "publish", s(&garbage), "--repo", s(&repo)], &[]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a shell installer"), "{}", show(&o));
    assert!(std::fs::read_dir(&repo).expect("read_dir").next().is_none(), "the repository is untouched");
}

/// A packaged `.bin` with an image, installed once into a fresh repository.
struct Installed {
    tmp: tempfile::TempDir,
    bin: PathBuf,
    repo: PathBuf,
}

fn packaged_and_installed(version: &str) -> Installed {
    let tmp = tempfile::tempdir().expect("tmp");
    let image = tmp.path().join("img.qcow2");
    make_image(&image, 32 << 20);
    let out = tmp.path().join("out");
    let o = package(&root().join(OK_APP), version, "x86_64", &["--image", s(&image)], &out, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let bin = only_file(&out.join("application_bins"), ".bin");
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).expect("mkdir");
    Installed { tmp, bin, repo }
}

#[test]
fn damaged_bins_are_refused_and_the_repository_is_untouched() {
    let fx = packaged_and_installed("1.0");
    // Something already installed, to show it stays as it was.
    let o = bash(&fx.bin, &[s(&fx.repo)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let other = packaged_and_installed("2.0");
    let before = tree(&fx.repo);
    let offset = read_header_offset(&other.bin);
    let good = std::fs::read(&other.bin).expect("read");

    // One payload byte flipped: in application.tar.gz's data, in the image's,
    // and in the tar header of `info` (a member that is not installed).
    for at in [offset + 600, offset + 4096, good.len() as u64 - 2000] {
        let mut bytes = good.clone();
        bytes[at as usize] ^= 0x01;
        let flipped = fx.tmp.path().join("flipped.bin");
        std::fs::write(&flipped, &bytes).expect("write");
        let o = bash(&flipped, &[s(&fx.repo)], &[]);
        assert_eq!(code(&o), 5, "{}", show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("checksum mismatch"), "{}", show(&o));
        assert_eq!(tree(&fx.repo), before, "the repository changed");
        let o = bash(&flipped, &["--check"], &[]);
        assert_eq!(code(&o), 5, "{}", show(&o));
        // aps-pack publish refuses it too.
        let o = aps_pack(&["zstack", "publish", s(&flipped), "--repo", s(&fx.repo)], &[]);
        assert_eq!(code(&o), 1, "{}", show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("damaged"), "{}", show(&o));
        assert_eq!(tree(&fx.repo), before, "publish changed the repository");
    }

    // Truncated, and with bytes appended.
    let truncated = fx.tmp.path().join("truncated.bin");
    std::fs::write(&truncated, &good[..good.len() - 100]).expect("write");
    let o = bash(&truncated, &[s(&fx.repo)], &[]);
    assert_eq!(code(&o), 4, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("truncated"), "{}", show(&o));
    assert_eq!(tree(&fx.repo), before);
    let o = bash(&truncated, &["--check"], &[]);
    assert_eq!(code(&o), 4, "{}", show(&o));
    let o = aps_pack(&["zstack", "publish", s(&truncated), "--repo", s(&fx.repo)], &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert_eq!(tree(&fx.repo), before);
    let longer = fx.tmp.path().join("longer.bin");
    let mut bytes = good.clone();
    bytes.extend_from_slice(b"junk");
    std::fs::write(&longer, &bytes).expect("write");
    let o = bash(&longer, &["--check"], &[]);
    assert_eq!(code(&o), 4, "{}", show(&o));

    // The intact one passes --check and lists its members.
    let o = bash(&other.bin, &["--check"], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let o = bash(&other.bin, &["--list"], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(
        listed.contains("application.tar.gz") && listed.contains("image.qcow2") && listed.contains("info")
    );
}

#[test]
fn installer_exit_codes() {
    let fx = packaged_and_installed("1.0");
    let repo = &fx.repo;

    // --help documents the exit codes.
    let o = bash(&fx.bin, &["--help"], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let help = String::from_utf8_lossy(&o.stdout);
    for line in [
        "2  bad usage",
        "3  the repository folder",
        "4  this file is truncated",
        "5  this file is damaged",
        "6  not enough free space",
        "7  the repository could not be written",
        "8  a required command",
    ] {
        assert!(help.contains(line), "--help lacks `{line}`:\n{help}");
    }

    // 2: bad usage.
    for args in [vec!["--bogus"], vec![s(repo), s(repo)], vec!["--check", s(repo)], vec!["--check", "--list"]]
    {
        let o = bash(&fx.bin, &args, &[]);
        assert_eq!(code(&o), 2, "{args:?}: {}", show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("usage:"), "{}", show(&o));
    }

    // 3: no repository folder (and none is created).
    let missing = fx.tmp.path().join("no-such-repo");
    let o = bash(&fx.bin, &[s(&missing)], &[]);
    assert_eq!(code(&o), 3, "{}", show(&o));
    assert!(!missing.exists());

    // 6: not enough space (a `df` that reports 1 KiB free), nothing written.
    let fake = fx.tmp.path().join("fakebin");
    std::fs::create_dir(&fake).expect("mkdir");
    let df = fake.join("df");
    std::fs::write(&df, "#!/bin/sh\necho 'Filesystem 1024-blocks Used Available Capacity Mounted on'\necho '/dev/x 100 99 1 99% /'\n").expect("write");
    set_exec(&df);
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap_or_default());
    let before = tree(repo);
    let o = bash(&fx.bin, &[s(repo)], &[("PATH", &path)]);
    assert_eq!(code(&o), 6, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not enough free space"), "{}", show(&o));
    assert_eq!(tree(repo), before);

    // 7: the repository cannot be written (a file where the application folder goes).
    std::fs::write(repo.join("example.hello.web"), "in the way").expect("write");
    let before = tree(repo);
    let o = bash(&fx.bin, &[s(repo)], &[]);
    assert_eq!(code(&o), 7, "{}", show(&o));
    assert_eq!(tree(repo), before);
    std::fs::remove_file(repo.join("example.hello.web")).expect("rm");

    // 8: a required command is missing (a PATH holding every tool but sha256sum).
    let tools = fx.tmp.path().join("tools");
    std::fs::create_dir(&tools).expect("mkdir");
    for t in
        ["cat", "chmod", "cp", "date", "df", "head", "ln", "mkdir", "mktemp", "mv", "rm", "tail", "tee", "wc"]
    {
        let found = Command::new("bash").args(["-c", &format!("command -v {t}")]).output().expect("which");
        let p = String::from_utf8_lossy(&found.stdout).trim().to_string();
        std::os::unix::fs::symlink(&p, tools.join(t)).expect("symlink");
    }
    let o = bash(&fx.bin, &[s(repo)], &[("PATH", s(&tools))]);
    assert_eq!(code(&o), 8, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sha256sum"), "{}", show(&o));
    // With coreutils' sha256sum and no OpenSSL, checks and installs work the same.
    let found = Command::new("bash").args(["-c", "command -v sha256sum"]).output().expect("which");
    std::os::unix::fs::symlink(String::from_utf8_lossy(&found.stdout).trim(), tools.join("sha256sum"))
        .expect("symlink");
    let o = bash(&fx.bin, &["--check"], &[("PATH", s(&tools))]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let plain = fx.tmp.path().join("plain-repo");
    std::fs::create_dir(&plain).expect("mkdir");
    let o = bash(&fx.bin, &[s(&plain)], &[("PATH", s(&tools))]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(plain.join("example.hello.web/x86_64/1.0/image.qcow2").is_file());
    let mut flipped = std::fs::read(&fx.bin).expect("read");
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let flipped_bin = fx.tmp.path().join("flipped.bin");
    std::fs::write(&flipped_bin, flipped).expect("write");
    let o = bash(&flipped_bin, &["--check"], &[("PATH", s(&tools))]);
    assert_eq!(code(&o), 5, "{}", show(&o));

    // 0, twice: the second install changes nothing (same folder, same index bytes).
    let o = bash(&fx.bin, &[s(repo)], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let first = tree(repo);
    let ino = inode(&repo.join("example.hello.web/x86_64/1.0"));
    let o = bash(&fx.bin, &[s(repo)], &[("SOURCE_DATE_EPOCH", "1800000000")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("already installed"), "{}", show(&o));
    assert_eq!(tree(repo), first);
    assert_eq!(inode(&repo.join("example.hello.web/x86_64/1.0")), ino, "the version folder was replaced");

    // Run with sh (not bash): refused with a usage error before anything happens.
    if Path::new("/bin/sh").exists() {
        let o = Command::new("/bin/sh").arg(&fx.bin).arg(s(repo)).output().expect("sh");
        let same_shell = String::from_utf8_lossy(
            &Command::new("/bin/sh").args(["-c", "echo ${BASH_VERSION:-}"]).output().expect("sh").stdout,
        )
        .trim()
        .to_string();
        if same_shell.is_empty() {
            assert_eq!(code(&o), 2, "{}", show(&o));
        }
    }
}

#[cfg(unix)]
fn set_exec(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).expect("stat").ino()
}

/// Installing a different build of an installed version replaces it; an
/// installer without image keeps the image already there, as ZStack's does.
#[test]
fn reinstall_replaces_and_no_image_installers_keep_the_image() {
    let fx = packaged_and_installed("1.0");
    let o = bash(&fx.bin, &[s(&fx.repo)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let image_before =
        std::fs::read(fx.repo.join("example.hello.web/x86_64/1.0/image.qcow2")).expect("image");

    let changed = fx.tmp.path().join("changed");
    copy_tree(&root().join(OK_APP), &changed);
    let app_json = std::fs::read_to_string(changed.join("application.json")).expect("read");
    std::fs::write(changed.join("application.json"), app_json.replace("Hello Web", "Hello Web 2"))
        .expect("write");
    let out = fx.tmp.path().join("out2");
    let o = package(&changed, "1.0", "x86_64", &[], &out, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let no_image = only_file(&out.join("application_no_image_bins"), ".bin");
    let o = bash(&no_image, &[s(&fx.repo)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let v = fx.repo.join("example.hello.web/x86_64/1.0");
    assert_eq!(
        std::fs::read(v.join("application.tar.gz")).expect("read"),
        std::fs::read(only_file(&out.join("application_targz"), ".tar.gz")).expect("read")
    );
    assert_eq!(std::fs::read(v.join("image.qcow2")).expect("image"), image_before, "the image was not kept");
    let leftovers: Vec<_> = std::fs::read_dir(fx.repo.join("example.hello.web/x86_64"))
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["1.0"], "staging folders left behind");
}

/// An install interrupted while it copies files leaves the installed version
/// and the index as they were: by a signal (the staging folder is removed),
/// or killed outright (a hidden staging folder is left, which the index
/// ignores and `verify-repo` reports).
#[test]
fn interrupted_installs_leave_the_previous_version_intact() {
    let fx = packaged_and_installed("1.0");
    let o = bash(&fx.bin, &[s(&fx.repo)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let before = tree(&fx.repo);
    // A different build of the same version, to be installed over it.
    let changed = fx.tmp.path().join("changed");
    copy_tree(&root().join(OK_APP), &changed);
    std::fs::write(changed.join("src/extra.tf"), "# extra\n").expect("write");
    let out = fx.tmp.path().join("out2");
    let o = package(&changed, "1.0", "x86_64", &[], &out, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let bin2 = only_file(&out.join("application_no_image_bins"), ".bin");
    let real_tee = String::from_utf8_lossy(
        &Command::new("bash").args(["-c", "command -v tee"]).output().expect("tee").stdout,
    )
    .trim()
    .to_string();
    for (signal, expected) in [("TERM", 143), ("KILL", -1)] {
        let wrap = fx.tmp.path().join(format!("wrap-{signal}"));
        std::fs::create_dir(&wrap).expect("mkdir");
        // tee runs in the installer's pipeline: its parent is the installer's shell.
        std::fs::write(
            wrap.join("tee"),
            format!("#!/bin/sh\nkill -{signal} $PPID\nsleep 1\nexec {real_tee} \"$@\"\n"),
        )
        .expect("write");
        set_exec(&wrap.join("tee"));
        let path = format!("{}:{}", wrap.display(), std::env::var("PATH").unwrap_or_default());
        let o = bash(&bin2, &[s(&fx.repo)], &[("PATH", &path)]);
        assert_eq!(o.status.code().unwrap_or(-1), expected, "{signal}: {}", show(&o));
        let mut after = tree(&fx.repo);
        if signal == "KILL" {
            let leftovers: Vec<String> =
                after.keys().filter(|k| k.contains("/.aps-stage.")).cloned().collect();
            assert!(!leftovers.is_empty(), "a killed install leaves its staging folder");
            let o = aps_pack(&["zstack", "verify-repo", s(&fx.repo)], &[]);
            assert!(String::from_utf8_lossy(&o.stdout).contains("ZST221"), "{}", show(&o));
            let o = aps_pack(&["zstack", "index", "--check", s(&fx.repo)], &[]);
            assert_eq!(code(&o), 0, "the staging folder is not indexed: {}", show(&o));
            after.retain(|k, _| !k.contains("/.aps-stage."));
        }
        assert_eq!(after, before, "{signal}: the installed version or the index changed");
    }
}

#[test]
fn packaging_twice_gives_identical_bytes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let image = tmp.path().join("img.qcow2");
    make_image(&image, 16 << 20);
    let app = tmp.path().join("app");
    copy_tree(&root().join(OK_APP), &app);
    let out1 = tmp.path().join("out1");
    let out2 = tmp.path().join("out2");
    let o = package(&app, "1.0", "x86_64", &["--image", s(&image)], &out1, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    // Different file times and permissions on the sources must not matter.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    for f in ["application.json", "src/main.tf"] {
        let file = std::fs::File::options().write(true).open(app.join(f)).expect("open");
        file.set_modified(later).expect("touch");
    }
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(app.join("input.json"), std::fs::Permissions::from_mode(0o600))
            .expect("chmod");
    }
    let o = package(&app, "1.0", "x86_64", &["--image", s(&image)], &out2, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert_eq!(tree(&out1), tree(&out2), "two packagings differ");

    // SOURCE_DATE_EPOCH sets the archive times (and so changes the bytes).
    let out3 = tmp.path().join("out3");
    let o = package(
        &app,
        "1.0",
        "x86_64",
        &["--image", s(&image)],
        &out3,
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    let targz = only_file(&out3.join("application_targz"), ".tar.gz");
    let listing = Command::new("tar").args(["--utc", "-tvzf", s(&targz)]).output().expect("tar");
    assert!(
        String::from_utf8_lossy(&listing.stdout).contains("2023-11-14 22:13"),
        "{}",
        String::from_utf8_lossy(&listing.stdout)
    );
    assert_ne!(tree(&out1), tree(&out3));
    let listing = Command::new("tar")
        .args(["--utc", "-tvzf", s(&only_file(&out1.join("application_targz"), ".tar.gz"))])
        .output()
        .expect("tar");
    assert!(String::from_utf8_lossy(&listing.stdout).contains("1980-01-01 00:00"));
}

#[test]
fn package_refuses_broken_folders_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let broken = root().join("crates/aps-zstack/tests/fixtures/apps/ZST132-undeclared-template-variable");
    let o = package(&broken, "1.0", "x86_64", &[], &out, &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ZST132"), "{}", show(&o));
    assert!(!out.exists(), "something was written");
    // Bad usage: exit 2.
    let o = package(&root().join(OK_APP), "../1.0", "x86_64", &[], &out, &[]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    let o = package(&root().join(OK_APP), "1.0", "sparc", &[], &out, &[]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    let o = package(
        &root().join(OK_APP),
        "1.0",
        "x86_64",
        &["--image", s(&root().join("crates/aps-zstack/tests/fixtures/images/raw-disk.img"))],
        &out,
        &[],
    );
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ZST150"), "{}", show(&o));
    // --deny-warnings stops on ZST120.
    let o =
        package(&root().join(OK_APP), "1.0", "x86_64", &["--app-id", "other", "--deny-warnings"], &out, &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(!out.exists());
}

#[test]
fn publish_index_and_verify_repo() {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = tmp.path();
    let cdn = t.join("cdn");
    std::fs::create_dir(&cdn).expect("mkdir");
    let image = t.join("img.qcow2");
    make_image(&image, 16 << 20);
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];

    // A folder laid out as <app>/<arch>/<version>, and a .bin.
    let grafana = grafana_app(t, "11.2.0");
    let out = t.join("out");
    let o = package(&root().join(OK_APP), "3.0", "aarch64", &["--image", s(&image)], &out, &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let bin = only_file(&out.join("application_bins"), ".bin");
    let o = aps_pack(
        &[
            "zstack",
            "publish",
            s(&grafana),
            s(&bin),
            "--repo",
            s(&cdn),
            "--app-id",
            "zstack_io_grafana",
            "--image",
            s(&image),
        ],
        &epoch,
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    let published = tree(&cdn);
    assert_eq!(
        paths(&published),
        [
            "example.hello.web/",
            "example.hello.web/aarch64/",
            "example.hello.web/aarch64/3.0/",
            "example.hello.web/aarch64/3.0/application.tar.gz",
            "example.hello.web/aarch64/3.0/image.qcow2",
            "index.json",
            "manifest.json",
            "zstack_io_grafana/",
            "zstack_io_grafana/x86_64/",
            "zstack_io_grafana/x86_64/11.2.0/",
            "zstack_io_grafana/x86_64/11.2.0/application.tar.gz",
            "zstack_io_grafana/x86_64/11.2.0/image.qcow2",
        ]
    );
    // The manifest agrees with sha256sum.
    let manifest: serde_json::Value =
        serde_json::from_slice(published["manifest.json"].as_ref().expect("file")).expect("manifest JSON");
    let artefacts = manifest["artefacts"].as_array().expect("artefacts");
    assert_eq!(artefacts.len(), 4);
    for a in artefacts {
        let p = a["path"].as_str().expect("path");
        let sum = Command::new("sha256sum").arg(cdn.join(p)).output().expect("sha256sum");
        let sum = String::from_utf8_lossy(&sum.stdout);
        assert_eq!(Some(sum.split(' ').next().unwrap_or("")), a["sha256"].as_str(), "{p}");
        assert_eq!(a["size"].as_u64(), Some(std::fs::metadata(cdn.join(p)).expect("stat").len()));
    }
    // Only the Grafana folder name disagreeing with its appId is reported.
    let o = aps_pack(&["zstack", "verify-repo", s(&cdn)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 errors, 1 warning, 0 infos"), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ZST120"), "{}", show(&o));
    let o = aps_pack(&["zstack", "index", "--check", s(&cdn)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));

    // Publishing the same artefacts again changes nothing, not even update_at.
    let o =
        aps_pack(&["zstack", "publish", s(&bin), "--repo", s(&cdn)], &[("SOURCE_DATE_EPOCH", "1800000000")]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("unchanged: example.hello.web aarch64 3.0"),
        "{}",
        show(&o)
    );
    assert_eq!(tree(&cdn), published);

    // Different bytes for a published version: refused, then replaced with --force.
    let changed = t.join("changed");
    copy_tree(&root().join(OK_APP), &changed);
    std::fs::write(changed.join("src/extra.tf"), "# extra\n").expect("write");
    let args =
        ["zstack", "publish", s(&changed), "--arch", "aarch64", "--app-version", "3.0", "--repo", s(&cdn)];
    let o = aps_pack(&args, &epoch);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already published with different content"),
        "{}",
        show(&o)
    );
    assert_eq!(tree(&cdn), published, "a refused publish changed the repository");
    let mut forced = args.to_vec();
    forced.push("--force");
    let o = aps_pack(&forced, &epoch);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("replaced: example.hello.web aarch64 3.0 (kept the image"),
        "{}",
        show(&o)
    );
    let after = tree(&cdn);
    assert_eq!(
        after["example.hello.web/aarch64/3.0/image.qcow2"],
        published["example.hello.web/aarch64/3.0/image.qcow2"]
    );
    assert_ne!(
        after["example.hello.web/aarch64/3.0/application.tar.gz"],
        published["example.hello.web/aarch64/3.0/application.tar.gz"]
    );
    assert_eq!(after["index.json"], published["index.json"], "the index lists the same versions");
    let o = aps_pack(&["zstack", "verify-repo", s(&cdn)], &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));

    // Damage on the CDN is found.
    let img = cdn.join("zstack_io_grafana/x86_64/11.2.0/image.qcow2");
    let mut bytes = std::fs::read(&img).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&img, &bytes).expect("write");
    std::fs::remove_file(cdn.join("example.hello.web/aarch64/3.0/image.qcow2")).expect("rm");
    std::fs::create_dir_all(cdn.join("zstack_io_grafana/x86_64/12.0")).expect("mkdir");
    let o = aps_pack(&["zstack", "verify-repo", "--format", "json", s(&cdn)], &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    let found: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let mut codes: Vec<String> = found
        .as_array()
        .or_else(|| found["diagnostics"].as_array())
        .expect("diagnostics array")
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    codes.sort();
    assert_eq!(codes, ["ZST120", "ZST204", "ZST212", "ZST213", "ZST220"], "{}", show(&o));
    let o = aps_pack(&["zstack", "index", "--check", s(&cdn)], &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    let o = aps_pack(&["zstack", "index", s(&cdn)], &epoch);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(std::fs::read_to_string(cdn.join("index.json")).expect("index").contains("\"12.0\""));

    // A broken index is refused by publish, with a diagnostic pointing into it.
    std::fs::write(cdn.join("index.json"), "{\"applications\": [}").expect("write");
    let o = aps_pack(&["zstack", "publish", s(&bin), "--repo", s(&cdn)], &[]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("JSN001"), "{}", show(&o));
}

/// One flipped bit anywhere in the installer's bash text never installs
/// anything but the packaged members: the run either fails and leaves the
/// repository empty, or installs exactly what the genuine file installs.
#[test]
fn single_bit_flips_in_the_stub_never_install_anything_else() {
    let fx = packaged_and_installed("1.0");
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let o = bash(&fx.bin, &[s(&fx.repo)], &epoch);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let genuine = tree(&fx.repo);
    assert!(genuine.keys().any(|k| k.ends_with("/application.tar.gz")), "{:?}", paths(&genuine));
    assert!(genuine.keys().any(|k| k.ends_with("/image.qcow2")), "{:?}", paths(&genuine));

    let good = std::fs::read(&fx.bin).expect("read");
    let stub_len = read_header_offset(&fx.bin) as usize;
    let flips = 200;
    let stride = stub_len / flips;
    let flipped = fx.tmp.path().join("flipped.bin");
    let mut refused = 0;
    for i in 0..flips {
        // Spread over the whole stub, at a varying place within each stride.
        let at = i * stride + (i * 37) % stride;
        let bit = i % 8;
        let mut bytes = good.clone();
        bytes[at] ^= 1 << bit;
        std::fs::write(&flipped, &bytes).expect("write");
        let repo = fx.tmp.path().join(format!("repo-{i}"));
        std::fs::create_dir(&repo).expect("mkdir");
        let o = Command::new("timeout")
            .args(["-k", "2", "20"])
            .arg(bash_path())
            .arg(&flipped)
            .arg(&repo)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run bash");
        let after = tree(&repo);
        let what = format!("bit {bit} of byte {at} ({:?}): {}", good[at] as char, show(&o));
        if after.is_empty() {
            assert_ne!(code(&o), 0, "nothing installed but success reported; {what}");
            refused += 1;
        } else {
            assert_eq!(paths(&after), paths(&genuine), "{what}");
            assert!(after == genuine, "installed members differ from the packaged ones; {what}");
        }
        std::fs::remove_dir_all(&repo).expect("clean");
    }
    // Almost every flip is caught by the stub's own digest.
    assert!(refused >= flips * 9 / 10, "only {refused} of {flips} flips refused");

    // The reported case: a member's name in the table no longer matches, so
    // the old installer skipped it and installed the image alone.
    let table =
        String::from_utf8_lossy(&good[..stub_len]).find("MEMBERS='application.tar.gz ").expect("table") + 12;
    let mut bytes = good.clone();
    bytes[table] ^= 0x02;
    std::fs::write(&flipped, &bytes).expect("write");
    let o = bash(&flipped, &["--check"], &[]);
    assert_eq!(code(&o), 5, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("own text"), "{}", show(&o));
    let repo = fx.tmp.path().join("repo-table");
    std::fs::create_dir(&repo).expect("mkdir");
    let o = bash(&flipped, &[s(&repo)], &[]);
    assert_eq!(code(&o), 5, "{}", show(&o));
    assert!(tree(&repo).is_empty(), "{:?}", paths(&tree(&repo)));
    let o = aps_pack(&["zstack", "publish", s(&flipped), "--repo", s(&repo)], &[]);
    assert_ne!(code(&o), 0, "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("damaged"), "{}", show(&o));
    assert!(tree(&repo).is_empty(), "{:?}", paths(&tree(&repo)));
}
