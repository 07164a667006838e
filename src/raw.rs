//! The client generated from `spec/postmark-webhooks.yaml` by `build.rs`.
//!
//! Never edited by hand; `spec/codegen.snapshot.rs` holds a reviewable copy.
#![allow(missing_docs, unused_imports, dead_code, clippy::all, rust_2018_idioms)]

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
