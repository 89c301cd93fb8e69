use aps_diag::rule;

rule! { QCOW2_INVALID_HEADER;
    //! The qcow2 header has an unsupported version (only 2 and 3 exist), a cluster
    //! size outside 512 B–2 MiB, tables outside the file or not cluster-aligned, an L1
    //! table too small for the virtual size, the `corrupt` flag, or incompatible
    //! features aps-pack does not know (such as an external data file).
    //!
    //! **Why:** QEMU refuses such an image, or it needs files that are not shipped.
    //!
    //! **Fix:** check it with `qemu-img check image.qcow2`, then rebuild it with
    //! `qemu-img convert -O qcow2 old.qcow2 image.qcow2`.

    /// What is wrong with a qcow2 header.
    pub enum Qcow2InvalidHeader {
        Version { version: u32 } => format!("unsupported qcow2 version {version} (expected 2 or 3)");
        ShortV3 { len: usize, header: u32 }
            => format!("the file is {len} bytes, shorter than a qcow2 version 3 header ({header} bytes)");
        HeaderLength { length: u32, min: u32 }
            => format!("header length {length} is invalid (at least {min}, a multiple of 8)");
        HeaderBeyondFile { length: u32, file_size: u64 }
            => format!("header length {length} exceeds the file size {file_size}");
        RefcountOrder { order: u32 } => format!("refcount order {order} is above 6");
        ClusterBits { bits: u32 }
            => format!("cluster bits {bits} out of range (9 to 21: clusters of 512 B to 2 MiB)");
        Corrupt => "the image is marked corrupt".into();
        ExternalData => "the image keeps its data in an external file, which would not be shipped".into();
        UnknownFeatures { bits: u64 } => format!(
            "unknown incompatible features {bits:#x}: QEMU versions that do not know them refuse the image"
        );
        L1Table { offset: u64, entries: u32, file_size: u64 } => format!(
            "the L1 table (offset {offset}, {entries} entries) is not cluster-aligned or lies outside the file ({file_size} bytes)"
        );
        RefcountTable { offset: u64, file_size: u64 } => format!(
            "the refcount table offset {offset} is not cluster-aligned or lies outside the file ({file_size} bytes)"
        );
        L1TooSmall { entries: u32, size: u64, needed: u128 } => format!(
            "the L1 table has {entries} entries, too few for a virtual size of {size} bytes ({needed} needed)"
        );
        ZeroSize => "the virtual size is 0 bytes".into();
    } help: "check it with `qemu-img check`, then rebuild it with `qemu-img convert -O qcow2`".into();
}
