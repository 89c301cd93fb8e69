use aps_diag::rule;

rule! { TOO_LARGE;
    //! The metadata file is larger than aps-pack reads (64 MiB).
    //!
    //! Real APP-META.xml, schema and wizard files are kilobytes. A file this
    //! size is almost always the wrong file, and reading it whole would cost
    //! memory for nothing.

    impl TooLarge {
        message: |&TooLarge { len, max }| format!(
            "file is {} ({len} bytes); metadata files are limited to {} ({max} bytes), so it was not read",
            crate::human_size(len),
            crate::human_size(max)
        ),
        help: |_| "this file is not a plausible APS or ZStack metadata file; check the path, or remove the padding or generated bulk from it".into(),
    }
}

/// A metadata file of `len` bytes over a limit of `max` bytes.
pub struct TooLarge {
    pub len: u64,
    pub max: u64,
}
