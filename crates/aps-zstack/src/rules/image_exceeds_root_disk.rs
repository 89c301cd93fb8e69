use aps_diag::declare_rule;

declare_rule! {
    /// The virtual size of the qcow2 image is larger than the smallest root disk
    /// `input.json` allows (the `min`, else the `default_value`, of the parameter tagged
    /// `ZStack::rootDiskSize` or named `root_disk_size`).
    ///
    /// **Why:** a user who picks the smallest allowed root disk gets a VM whose disk is
    /// smaller than its image: creation fails.
    ///
    /// **Fix:** raise `min` to at least the image's virtual size, or shrink the image.
    pub static IMAGE_EXCEEDS_ROOT_DISK = {
        code: "ZST155", name: "image-exceeds-root-disk", group: "zstack",
        severity: Warning, summary: "the image's virtual size exceeds the minimum root disk size of `input.json`",
    };
}
