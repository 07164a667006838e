"""The official postmark-python SDK's webhooks walkthrough, against postmark-mock.

Usage: python walkthrough.py BASE_URL SERVER_TOKEN

Follows the steps of Postmark's webhook guide with the official SDK
(postmark-python, `postmark.ServerClient(token)` and `client.webhooks`):
list, create, get, edit, list by stream, delete, and a get of the deleted
webhook that fails with ErrorCode 1352. Exits 0 only if every step holds.
"""

import asyncio
import sys

import postmark
from postmark.exceptions import PostmarkAPIException

checks = {"passed": 0, "failed": 0}


def check(condition, what):
    if condition:
        checks["passed"] += 1
        print(f"ok: {what}")
    else:
        checks["failed"] += 1
        print(f"FAILED: {what}")


async def walkthrough(base_url, token):
    client = postmark.ServerClient(token, retries=0, base_url=base_url)
    async with client:
        check(await client.webhooks.list() == [], "a new server has no webhooks")

        created = await client.webhooks.create(
            url="https://example.com/webhooks/postmark",
            message_stream="outbound",
            http_auth={"Username": "postmark", "Password": "s3cret"},
            http_headers=[{"Name": "X-Webhook-Secret", "Value": "shared-secret"}],
            triggers={
                "Open": {"Enabled": True, "PostFirstOpenOnly": False},
                "Click": {"Enabled": True},
                "Delivery": {"Enabled": True},
                "Bounce": {"Enabled": True, "IncludeContent": False},
                "SpamComplaint": {"Enabled": True, "IncludeContent": False},
                "SubscriptionChange": {"Enabled": True},
            },
        )
        check(created.id > 0, "create returns the new webhook's ID")
        check(created.message_stream == "outbound", "on the outbound stream")
        check(created.http_auth.username == "postmark", "with its Basic credentials")
        check(
            [(h.name, h.value) for h in created.http_headers]
            == [("X-Webhook-Secret", "shared-secret")],
            "and its custom header",
        )
        check(created.triggers.bounce.enabled, "every trigger enabled")

        fetched = await client.webhooks.get(created.id)
        check(fetched == created, "get returns what create returned")

        edited = await client.webhooks.edit(
            created.id,
            url="https://example.com/webhooks/postmark-v2",
            triggers={"Open": {"Enabled": False}},
        )
        check(edited.url.endswith("/postmark-v2"), "edit changes the URL")
        check(not edited.triggers.open.enabled, "and the Open trigger")
        check(edited.triggers.click.enabled, "and leaves the other triggers")
        check(edited.http_auth.password == "s3cret", "and the credentials")

        outbound = await client.webhooks.list(message_stream="outbound")
        check([w.id for w in outbound] == [created.id], "list by stream finds it")
        broadcast = await client.webhooks.list(message_stream="broadcast")
        check(broadcast == [], "and another stream does not")

        deleted = await client.webhooks.delete(created.id)
        check(deleted.error_code == 0, "delete succeeds")
        check(await client.webhooks.list() == [], "and the webhook is gone")

        try:
            await client.webhooks.get(created.id)
            check(False, "get of a deleted webhook fails")
        except PostmarkAPIException as error:
            check(
                (error.http_status, error.error_code) == (422, 1352),
                "get of a deleted webhook fails with 422 and ErrorCode 1352",
            )


def main():
    base_url, token = sys.argv[1], sys.argv[2]
    asyncio.run(walkthrough(base_url, token))
    print(f"walkthrough: {checks['passed']} passed, {checks['failed']} failed")
    return 0 if checks["failed"] == 0 and checks["passed"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
