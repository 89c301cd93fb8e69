use aps_diag::rule;

rule! { IMAGE_NOT_QCOW2;
    //! The file given with `--image` does not start with the qcow2 magic `QFI\xfb`,
    //! or is shorter than a qcow2 header.
    //!
    //! **Why:** ZStack imports marketplace images as qcow2; a raw or VMDK image is
    //! rejected on the management node after the whole multi-gigabyte transfer.
    //!
    //! **Fix:** convert it: `qemu-img convert -O qcow2 disk.raw image.qcow2`.

    impl ImageNotQcow2 {
        message: |v| match v {
            Self::NoMagic { looks_like } => {
                let what = looks_like.map(|s| format!("; {s}")).unwrap_or_default();
                format!("not a qcow2 image (no `QFI\\xfb` magic){what}")
            }
            Self::Short { len, header } => {
                format!("the file is {len} bytes, shorter than a qcow2 header ({header} bytes)")
            }
        },
        help: |v| match v {
            Self::NoMagic { .. } => "convert it: `qemu-img convert -O qcow2 INPUT image.qcow2`".into(),
            Self::Short { .. } => "the image is truncated; copy it again".into(),
        },
    }
}

/// A file that is no qcow2 image: no magic (with what it looks like instead), or too short.
pub enum ImageNotQcow2 {
    NoMagic { looks_like: Option<&'static str> },
    Short { len: usize, header: usize },
}
