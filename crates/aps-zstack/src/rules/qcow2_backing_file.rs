use aps_diag::rule;

rule! { QCOW2_BACKING_FILE;
    //! The image is an overlay: its header names a backing file.
    //!
    //! **Why:** only the overlay would be shipped; on the management node the backing
    //! file does not exist and the image cannot be used.
    //!
    //! **Fix:** flatten it: `qemu-img convert -O qcow2 overlay.qcow2 image.qcow2`.

    /// An overlay image, with the name of its backing file when it can be read.
    pub struct Qcow2BackingFile { pub name: Option<String> } => {
        let name = name.as_ref().map(|n| format!(" `{n}`")).unwrap_or_default();
        format!("the image depends on the backing file{name}")
    },
        help: "flatten it: `qemu-img convert -O qcow2 overlay.qcow2 image.qcow2`".into();
}
