//! The delete operation, and what a delete did.

use crate::client::ServerClient;
use crate::error::{Error, Operation};
use crate::transport::{Hold, Response, call};
use crate::validate;

/// Deletes a webhook. Made by [`Webhooks::delete`](crate::Webhooks::delete); await it.
///
/// ```no_run
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// client.webhooks().delete(1234).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct DeleteWebhook<'a> {
    client: &'a ServerClient,
    id: i64,
}

impl<'a> DeleteWebhook<'a> {
    pub(super) fn new(client: &'a ServerClient, id: i64) -> Self {
        Self { client, id }
    }

    async fn run<H: Hold>(self) -> Result<Response<Deleted>, Error> {
        let op = Operation::DeleteWebhook;
        validate::webhook_id(self.id).map_err(|e| e.during(op))?;
        let raw = self.client.raw();
        let finished = call(&raw.inner, op, || {
            H::hold(raw.delete_webhook().id(self.id).send())
        })
        .await;
        match finished.result {
            // An attempt whose answer was lost removed it; the retry found
            // nothing left to remove.
            Err(err) if err.is_not_found() && finished.answer_lost => {
                Ok(Response::new(Deleted::AlreadyGone, err.attempts()))
            }
            result => result.map(|response| response.map(|_| Deleted::Removed)),
        }
    }
}
sendable!(DeleteWebhook => Deleted, "delete(1234)");

/// What a delete did.
///
/// Postmark has no idempotency keys, so when a `DELETE`'s answer is lost
/// (the connection broke or the attempt timed out) the client cannot know
/// whether it was applied; it retries. If the retry then finds no such
/// webhook, the call succeeds with [`Deleted::AlreadyGone`] rather than
/// failing with "not found": the webhook is gone, which is what was asked,
/// most likely removed by the lost attempt (or by another client in
/// between). A delete whose first answer is "not found" still fails with an
/// error for which [`Error::is_not_found`] is true.
///
/// ```no_run
/// use postmark_webhooks::Deleted;
/// # async fn run(client: postmark_webhooks::ServerClient) -> Result<(), postmark_webhooks::Error> {
/// match client.webhooks().delete(1234).await? {
///     Deleted::Removed => println!("removed"),
///     Deleted::AlreadyGone => println!("removed, though the first answer was lost"),
///     _ => {}
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deleted {
    /// Postmark answered that it removed the webhook.
    Removed,
    /// An earlier attempt's answer was lost, and a retry found the webhook
    /// already gone.
    AlreadyGone,
}
