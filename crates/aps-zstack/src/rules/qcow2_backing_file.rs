use aps_diag::declare_rule;

declare_rule! {
    /// The image is an overlay: its header names a backing file.
    ///
    /// **Why:** only the overlay would be shipped; on the management node the backing
    /// file does not exist and the image cannot be used.
    ///
    /// **Fix:** flatten it: `qemu-img convert -O qcow2 overlay.qcow2 image.qcow2`.
    pub static QCOW2_BACKING_FILE = {
        code: "ZST152", name: "qcow2-backing-file", group: "zstack",
        severity: Error, summary: "the qcow2 image depends on a backing file",
    };
}
