use aps_diag::{declare_rule, violation};

declare_rule! {
    /// The qcow2 header has an unsupported version (only 2 and 3 exist), a cluster
    /// size outside 512 B–2 MiB, tables outside the file or not cluster-aligned, an L1
    /// table too small for the virtual size, the `corrupt` flag, or incompatible
    /// features aps-pack does not know (such as an external data file).
    ///
    /// **Why:** QEMU refuses such an image, or it needs files that are not shipped.
    ///
    /// **Fix:** check it with `qemu-img check image.qcow2`, then rebuild it with
    /// `qemu-img convert -O qcow2 old.qcow2 image.qcow2`.
    pub static QCOW2_INVALID_HEADER = {
        code: "ZST151", name: "qcow2-invalid-header", group: "zstack",
        severity: Error, summary: "the qcow2 header is inconsistent",
    };
}

/// What is wrong with a qcow2 header.
pub enum Qcow2InvalidHeader {
    Version { version: u32 },
    ShortV3 { len: usize, header: u32 },
    HeaderLength { length: u32, min: u32 },
    HeaderBeyondFile { length: u32, file_size: u64 },
    RefcountOrder { order: u32 },
    ClusterBits { bits: u32 },
    Corrupt,
    ExternalData,
    UnknownFeatures { bits: u64 },
    L1Table { offset: u64, entries: u32, file_size: u64 },
    RefcountTable { offset: u64, file_size: u64 },
    L1TooSmall { entries: u32, size: u64, needed: u128 },
    ZeroSize,
}

violation! { Qcow2InvalidHeader => QCOW2_INVALID_HEADER,
    message: |v| match v {
        Self::Version { version } => format!("unsupported qcow2 version {version} (expected 2 or 3)"),
        Self::ShortV3 { len, header } => {
            format!("the file is {len} bytes, shorter than a qcow2 version 3 header ({header} bytes)")
        }
        Self::HeaderLength { length, min } => {
            format!("header length {length} is invalid (at least {min}, a multiple of 8)")
        }
        Self::HeaderBeyondFile { length, file_size } => {
            format!("header length {length} exceeds the file size {file_size}")
        }
        Self::RefcountOrder { order } => format!("refcount order {order} is above 6"),
        Self::ClusterBits { bits } => {
            format!("cluster bits {bits} out of range (9 to 21: clusters of 512 B to 2 MiB)")
        }
        Self::Corrupt => "the image is marked corrupt".into(),
        Self::ExternalData => "the image keeps its data in an external file, which would not be shipped".into(),
        Self::UnknownFeatures { bits } => format!(
            "unknown incompatible features {bits:#x}: QEMU versions that do not know them refuse the image"
        ),
        Self::L1Table { offset, entries, file_size } => format!(
            "the L1 table (offset {offset}, {entries} entries) is not cluster-aligned or lies outside the file ({file_size} bytes)"
        ),
        Self::RefcountTable { offset, file_size } => format!(
            "the refcount table offset {offset} is not cluster-aligned or lies outside the file ({file_size} bytes)"
        ),
        Self::L1TooSmall { entries, size, needed } => format!(
            "the L1 table has {entries} entries, too few for a virtual size of {size} bytes ({needed} needed)"
        ),
        Self::ZeroSize => "the virtual size is 0 bytes".into(),
    },
    help: |_| "check it with `qemu-img check`, then rebuild it with `qemu-img convert -O qcow2`".into(),
}
