use crate::lint::{JsonFile, RootDisk};
use crate::qcow2::{human_size, Header};
use aps_diag::{declare_rule, violation, Diagnostic, Violation};

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

/// The image's virtual size against the smallest root disk input.json allows
/// (`field` of parameter `param`).
pub struct ImageExceedsRootDisk<'a> {
    pub image_size: u64,
    pub root_disk: u64,
    pub field: &'a str,
    pub param: &'a str,
}

violation! { ImageExceedsRootDisk<'_> => IMAGE_EXCEEDS_ROOT_DISK,
    message: |v| format!(
        "the image's virtual size ({}) exceeds the smallest root disk input.json allows ({})",
        human_size(v.image_size),
        human_size(v.root_disk)
    ),
    help: |v| format!(
        "raise `{}` of `{}` to at least {} (bytes), or shrink the image",
        v.field, v.param, v.image_size
    ),
}

/// The image (shown as `image`) against the smallest root disk of input.json.
pub(crate) fn check(
    header: &Header,
    root: &RootDisk,
    input: &JsonFile,
    image: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if header.size <= root.bytes {
        return;
    }
    let v = ImageExceedsRootDisk {
        image_size: header.size,
        root_disk: root.bytes,
        field: root.field,
        param: &root.param,
    };
    diags.push(v.diagnostic().at_path(image).with_secondary(
        &input.file,
        root.span,
        "smallest root disk size declared here",
    ));
}
