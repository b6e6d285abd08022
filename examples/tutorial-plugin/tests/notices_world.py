"""The notices plugin's part of the test world: every institute has published a notice.
``scope_matrix`` calls ``populate`` for every institute of its world."""

from core.testing import GraphQLClient

PUBLISH = "mutation ($input: PublishNoticeInput!) { publishNotice(input: $input) { userErrors { code } } }"


async def populate(admin: GraphQLClient, institute: dict[str, str]) -> None:
    """A notice the institute publishes."""
    payload = await admin.mutate(
        PUBLISH, {"agencyId": institute["agency"], "title": "活动通知", "body": "周五下午书画活动。"}
    )
    assert payload["userErrors"] == [], payload
