"""The workflow's refusals through the API: a step the nomination's state does not allow names
the state and the step; a nomination that does not exist is NOT_FOUND on ``nominationId``,
whatever the step."""

import base64

import pytest
from sanatorium_helpers import ATTEND, FITNESS, REVIEW, SUBMIT, WITHDRAW, hero, nominate, ok, setup_plan

from core import clock
from core.settings import Settings
from core.testing import make_client

STATUS = "query ($id: ID!) { sanatoriumNomination(id: $id) { status } }"


@pytest.fixture
async def san(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    yield client
    await client.http.aclose()


def steps(nomination: str) -> dict[str, tuple[str, dict]]:
    """Each step of the workflow on the nomination: (mutation, input)."""
    return {
        "提交": (SUBMIT, {"nominationId": nomination}),
        "审核": (REVIEW, {"nominationId": nomination, "decision": "APPROVE", "opinion": "同意"}),
        "登记健康评估": (
            FITNESS,
            {"nominationId": nomination, "fitness": "FIT", "checkedOn": clock.today().isoformat()},
        ),
        "登记参加情况": (ATTEND, {"nominationId": nomination, "attended": True}),
        "撤回": (WITHDRAW, {"nominationId": nomination, "reason": "本人放弃"}),
    }


async def test_a_step_the_state_does_not_allow_names_both(san):
    tree = await setup_plan(san)
    person = await hero(san, tree["first"]["id"])
    nomination = ok(await nominate(san, tree["batch"]["id"], person["id"], submit=False))["sanatoriumNomination"]["id"]
    refused_in = {  # the state, the steps refused in it
        "DRAFT": ["审核", "登记参加情况"],
        "NOMINATED": ["提交", "登记参加情况"],
        "WITHDRAWN": ["提交", "审核", "登记健康评估", "登记参加情况", "撤回"],
    }
    moves = {"DRAFT": "提交", "NOMINATED": "撤回"}  # how the nomination reaches the next state
    for status, refused in refused_in.items():
        for step in refused:
            mutation, values = steps(nomination)[step]
            payload = await san.mutate(mutation, values)
            assert payload["userErrors"] == [
                {"field": "nominationId", "code": "INVALID_TRANSITION", "message": f"状态为 {status} 的推荐不能{step}"}
            ], (status, step)
            assert (await san(STATUS, {"id": nomination}))["sanatoriumNomination"]["status"] == status
        if status in moves:
            mutation, values = steps(nomination)[moves[status]]
            ok(await san.mutate(mutation, values))


async def test_an_unknown_nomination_is_not_found_at_every_step(san):
    await setup_plan(san)
    unknown = base64.b64encode(b"SanatoriumNomination:999999").decode()
    for step, (mutation, values) in steps(unknown).items():
        payload = await san.mutate(mutation, values)
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("nominationId", "NOT_FOUND")], step
