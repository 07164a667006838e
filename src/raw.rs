//! The client generated from `spec/postmark-webhooks.yaml` by progenitor,
//! checked in as `spec/codegen.snapshot.rs` (`cargo xtask codegen` writes it;
//! `build.rs` checks it is current). Never edited by hand.
#![allow(missing_docs, unused_imports, dead_code, clippy::all, rust_2018_idioms)]

include!("../spec/codegen.snapshot.rs");
