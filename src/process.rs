//! Process-wide settings, made once at start: how the allocator gives memory
//! back, and what a file-size limit does.
//!
//! ## Memory
//!
//! glibc's malloc starts by serving blocks of 128 KiB and more with their own
//! mappings, but raises that threshold to the size of each such block freed (up
//! to 32 MiB), and lets every thread's arena keep twice the threshold free
//! before returning any. A build frees blocks of every size up to a few MiB on
//! several threads (files read whole, their compressed bytes), so after the
//! first big file the threshold climbed and the arenas kept several MiB each
//! that nothing used again: measured on `cargo xtask bench build`, 29 MiB peak
//! resident with the default behaviour, 25 MiB with the threshold fixed at
//! 256 KiB, at the same speed. Fixing it (which also stops the climbing)
//! makes large blocks go back to the system when freed.

/// Blocks of this size and more get their own mapping, returned when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 256 * 1024;

/// Apply the allocator settings above (glibc only; elsewhere nothing to do).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes malloc's parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Make a write past the file-size limit (`ulimit -f`) fail with an error
/// instead of killing the process: killed by SIGXFSZ, a build would leave its
/// temporary files behind; failing, it removes them and says why.
pub fn fail_writes_past_file_size_limit() {
    #[cfg(unix)]
    // SAFETY: ignoring a signal installs no handler code; called before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
