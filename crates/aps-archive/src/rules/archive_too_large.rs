use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports an archive whose entries declare more uncompressed data than the limit (8 GiB by
    /// default, `--max-size`), an entry compressed more than the ratio limit (200:1 by default,
    /// `--max-ratio`, for entries over 64 MiB), too many entries, or entries whose data overlap.
    /// Nothing is decompressed once this is found.
    ///
    /// ## Why
    /// These are the marks of a decompression bomb: a small file built to exhaust the disk or memory
    /// of whoever unpacks it.
    ///
    /// ## Example
    /// ```text
    /// data.bin: 10 GiB compressed into 10 MiB (1024:1)
    /// ```
    ///
    /// ## Fix
    /// If the archive is genuine, raise `--max-size` or `--max-ratio`.
    pub static ARCHIVE_TOO_LARGE = {
        code: "PKG104", name: "archive-too-large", group: "archive",
        severity: Error, summary: "archive would expand beyond the limits (zip bomb)",
    };
}

/// An archive beyond the reader's limits, or built like a zip bomb.
pub enum ArchiveTooLarge<'a> {
    /// The entries' sizes add up to more than `limit` bytes.
    Total { total: u64, limit: u64 },
    /// An entry expands more than `limit` times.
    Ratio { name: &'a str, compressed: u64, size: u64, limit: u64 },
    /// Two entries share bytes.
    Overlap { first: &'a str, second: &'a str },
    /// The end record declares more entries than the limit.
    DeclaredEntries { count: u64, limit: usize },
    /// The central directory holds more entries than the limit.
    Entries { count: u64, limit: usize },
    /// A central directory over 512 MiB.
    HugeDirectory,
}

violation! { ArchiveTooLarge<'_> => ARCHIVE_TOO_LARGE,
    message: |v| match v {
        Self::Total { total, limit } => {
            format!("the entries expand to {total} bytes, more than the limit of {limit} bytes")
        }
        Self::Ratio { name, compressed, size, limit } => format!(
            "`{name}` expands {compressed} bytes into {size} ({}:1, the limit is {limit}:1)",
            size / (*compressed).max(1)
        ),
        Self::Overlap { first, second } => {
            format!("entries `{first}` and `{second}` overlap in the archive (a zip-bomb technique)")
        }
        Self::DeclaredEntries { count, limit } => {
            format!("the archive declares {count} entries, more than the limit of {limit}")
        }
        Self::Entries { count, limit } => {
            format!("the archive holds {count} entries, more than the limit of {limit}")
        }
        Self::HugeDirectory => "the central directory is larger than 512 MiB".into(),
    },
    help?: |v| match v {
        Self::Total { .. } => Some("if the archive is genuine, raise the limit with --max-size".into()),
        Self::Ratio { .. } => Some("if the archive is genuine, raise the limit with --max-ratio".into()),
        Self::Overlap { .. } => Some("each entry must have its own bytes; rebuild the archive".into()),
        Self::DeclaredEntries { .. } | Self::Entries { .. } | Self::HugeDirectory => None,
    },
}
