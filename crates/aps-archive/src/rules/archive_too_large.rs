use aps_diag::rule;

rule! { ARCHIVE_TOO_LARGE;
    //! Reports an archive whose entries declare more uncompressed data than the limit (8 GiB by
    //! default, `--max-size`), an entry compressed more than the ratio limit (200:1 by default,
    //! `--max-ratio`, for entries over 64 MiB), too many entries, or entries whose data overlap.
    //! Nothing is decompressed once this is found.
    //!
    //! ## Why
    //! These are the marks of a decompression bomb: a small file built to exhaust the disk or memory
    //! of whoever unpacks it.
    //!
    //! ## Example
    //! ```text
    //! data.bin: 10 GiB compressed into 10 MiB (1024:1)
    //! ```
    //!
    //! ## Fix
    //! If the archive is genuine, raise `--max-size` or `--max-ratio`. `build` refuses to write an
    //! archive that `verify` would refuse with its default limits: compress such a file itself, or
    //! leave it out.

    /// An archive beyond the reader's limits, or built like a zip bomb.
    pub enum ArchiveTooLarge<'a> {
        /// The entries' sizes add up to more than `limit` bytes.
        Total { total: u64, limit: u64 }
            => format!("the entries expand to {total} bytes, more than the limit of {limit} bytes"),
            help: "if the archive is genuine, raise the limit with --max-size".into();
        /// An entry expands more than `limit` times.
        Ratio { name: &'a str, compressed: u64, size: u64, limit: u64 } => format!(
            "`{name}` expands {compressed} bytes into {size} ({}:1, the limit is {limit}:1)",
            size / (*compressed).max(1)
        ),
            help: "if the archive is genuine, raise the limit with --max-ratio".into();
        /// A file the build would compress more than `limit` times: `verify` would refuse the archive.
        BuildRatio { name: &'a str, compressed: u64, size: u64, limit: u64 } => format!(
            "`{name}` would be compressed from {size} bytes into {compressed} ({}:1), past the {limit}:1 \
             that verify accepts for files over 64 MiB",
            size / (*compressed).max(1)
        ),
            help: "verify would refuse the archive as a zip bomb; compress the file itself (gzip, xz) or leave it out of the package".into();
        /// Files adding up to more than `limit` bytes: `verify` would refuse the archive.
        BuildTotal { total: u64, limit: u64 }
            => format!("the files add up to {total} bytes, more than the {limit} bytes verify accepts"),
            help: "verify would refuse the archive as a zip bomb; split the package or leave large files out".into();
        /// Two entries share bytes.
        Overlap { first: &'a str, second: &'a str }
            => format!("entries `{first}` and `{second}` overlap in the archive (a zip-bomb technique)"),
            help: "each entry must have its own bytes; rebuild the archive".into();
        /// The end record declares more entries than the limit.
        DeclaredEntries { count: u64, limit: usize }
            => format!("the archive declares {count} entries, more than the limit of {limit}");
        /// The central directory holds more entries than the limit.
        Entries { count: u64, limit: usize }
            => format!("the archive holds {count} entries, more than the limit of {limit}");
        /// A central directory over 512 MiB.
        HugeDirectory => "the central directory is larger than 512 MiB".into();
    }
}
