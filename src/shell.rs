//! Shell completions and man pages, generated from the command line's declaration: the
//! one home of both, used by `aps-pack completions`, `aps-pack man` and `cargo xtask dist`.

use clap::CommandFactory;

pub use clap_complete::Shell;

/// The completion script of `shell` for `aps-pack`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "aps-pack", &mut out);
    out
}

/// The file name a shell looks for a completion script under (`aps-pack.bash`, `_aps-pack`, …).
pub fn completion_file_name(shell: Shell) -> String {
    match shell {
        Shell::Bash => "aps-pack.bash".into(),
        Shell::Zsh => "_aps-pack".into(),
        Shell::Fish => "aps-pack.fish".into(),
        Shell::PowerShell => "_aps-pack.ps1".into(),
        Shell::Elvish => "aps-pack.elv".into(),
        _ => format!("aps-pack.{shell}"),
    }
}

/// Every man page, as `(file name, roff)`: `aps-pack.1`, then one page per command named
/// as it is typed (`aps-pack-zstack-package.1` for `aps-pack zstack package`), in order.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let cmd = crate::cli::Cli::command();
    let mut pages = Vec::new();
    add_pages(&cmd, "aps-pack", &mut pages)?;
    Ok(pages)
}

/// The top page (`aps-pack.1`) alone.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    render(&crate::cli::Cli::command(), "aps-pack")
}

/// The page of `cmd`, typed as `typed` (`aps-pack zstack package`): titled with the page's
/// name (`aps-pack-zstack-package`), its synopsis as typed.
fn render(cmd: &clap::Command, typed: &str) -> std::io::Result<Vec<u8>> {
    let name = leak(&typed.replace(' ', "-"));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(name).bin_name(typed)).render(&mut buf)?;
    Ok(buf)
}

fn add_pages(cmd: &clap::Command, typed: &str, pages: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    pages.push((format!("{}.1", typed.replace(' ', "-")), render(cmd, typed)?));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        add_pages(sub, &format!("{typed} {}", sub.get_name()), pages)?;
    }
    Ok(())
}

/// clap takes `'static` names without its `string` feature; a page is rendered once per run.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}
