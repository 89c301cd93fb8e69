//! Progress bars for long work: shown only when stderr is a terminal and
//! `--quiet` is off, so CI logs and pipes stay clean.

use crate::Ctx;
use aps_diag::{NoProgress, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A terminal progress bar with bytes, rate and ETA.
pub struct Bar {
    bar: ProgressBar,
}

impl Progress for Bar {
    fn start(&self, what: &str, total_bytes: u64) {
        self.bar.set_length(total_bytes);
        self.bar.set_position(0);
        self.bar.set_message(what.to_string());
    }
    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The progress reporter a command should use in this context.
pub fn for_ctx(ctx: &Ctx) -> Box<dyn Progress> {
    if ctx.quiet || !ctx.stderr_is_tty {
        return Box::new(NoProgress);
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    // The label takes what the terminal width leaves (whole on any usual terminal, cut
    // only when the line would otherwise wrap); bytes, rate and ETA always show.
    let style = ProgressStyle::with_template(
        "{wide_msg} [{bar:20}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    Box::new(Bar { bar })
}
