//! The futures that awaiting a builder boxes stay small: each call boxes
//! one future, and its size is what every await moves around. The futures
//! of `send`, which hold each attempt inline, are bounded too.

use std::future::IntoFuture;

use postmark_webhooks::ServerClient;
use postmark_webhooks::triggers::Triggers;

/// The bound on a boxed call future, in bytes.
const MAX_BOXED_FUTURE_BYTES: usize = 1024;

#[test]
fn every_boxed_call_future_is_at_most_1_kib() {
    let client = ServerClient::new("token").unwrap();
    let hooks = client.webhooks();
    let sizes = [
        ("list", std::mem::size_of_val(&*hooks.list().into_future())),
        ("get", std::mem::size_of_val(&*hooks.get(1).into_future())),
        (
            "create",
            std::mem::size_of_val(
                &*hooks
                    .create("https://example.com/hook")
                    .triggers(Triggers::new())
                    .into_future(),
            ),
        ),
        ("edit", std::mem::size_of_val(&*hooks.edit(1).into_future())),
        (
            "delete",
            std::mem::size_of_val(&*hooks.delete(1).into_future()),
        ),
        (
            "verify",
            std::mem::size_of_val(&*hooks.verify(1).into_future()),
        ),
        (
            "statistics",
            std::mem::size_of_val(&*hooks.statistics(1).into_future()),
        ),
    ];
    for (operation, size) in sizes {
        println!("{operation}: {size} bytes");
        assert!(
            size <= MAX_BOXED_FUTURE_BYTES,
            "the boxed {operation} future is {size} bytes"
        );
    }
}

/// The bound on a `send` future, which holds the generated request's.
const MAX_SEND_FUTURE_BYTES: usize = 3 * 1024;

#[test]
fn every_send_future_is_at_most_3_kib() {
    let client = ServerClient::new("token").unwrap();
    let hooks = client.webhooks();
    let sizes = [
        ("list", std::mem::size_of_val(&hooks.list().send())),
        ("get", std::mem::size_of_val(&hooks.get(1).send())),
        (
            "create",
            std::mem::size_of_val(&hooks.create("https://example.com/hook").send()),
        ),
        ("edit", std::mem::size_of_val(&hooks.edit(1).send())),
        ("delete", std::mem::size_of_val(&hooks.delete(1).send())),
        ("verify", std::mem::size_of_val(&hooks.verify(1).send())),
        (
            "statistics",
            std::mem::size_of_val(&hooks.statistics(1).send_detailed()),
        ),
    ];
    for (operation, size) in sizes {
        println!("{operation}: {size} bytes");
        assert!(
            size <= MAX_SEND_FUTURE_BYTES,
            "the {operation} send future is {size} bytes"
        );
    }
}
