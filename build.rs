//! Embeds the commit the binary was built from (when built from a git checkout)
//! so `aps-pack --version` names the exact build.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    println!("cargo:rerun-if-env-changed=APS_PACK_BUILD_COMMIT");
    let commit = std::env::var("APS_PACK_BUILD_COMMIT").ok().or_else(|| {
        let out = Command::new("git").args(["rev-parse", "--short=10", "HEAD"]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    });
    let version = match commit.filter(|c| !c.is_empty()) {
        Some(c) => format!("{} ({c})", std::env::var("CARGO_PKG_VERSION").unwrap_or_default()),
        None => std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
    };
    println!("cargo:rustc-env=APS_PACK_LONG_VERSION={version}");
}
