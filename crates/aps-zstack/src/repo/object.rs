//! S3-compatible repositories (placeholder while the storage layer is built).
