use aps_diag::declare_rule;

declare_rule! {
    /// The file given with `--image` does not start with the qcow2 magic `QFI\xfb`,
    /// or is shorter than a qcow2 header.
    ///
    /// **Why:** ZStack imports marketplace images as qcow2; a raw or VMDK image is
    /// rejected on the management node after the whole multi-gigabyte transfer.
    ///
    /// **Fix:** convert it: `qemu-img convert -O qcow2 disk.raw image.qcow2`.
    pub static IMAGE_NOT_QCOW2 = {
        code: "ZST150", name: "image-not-qcow2", group: "zstack",
        severity: Error, summary: "the image is not a qcow2 file",
    };
}
