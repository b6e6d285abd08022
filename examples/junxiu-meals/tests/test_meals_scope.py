"""No role reaches a meal order outside its scope: the kit's authorization matrix over a world
where every institute's retiree has ordered a meal."""

from meals_world import populate


async def test_no_role_reaches_a_meal_order_outside_its_scope(scope_matrix):
    world = await scope_matrix(populate)
    # the retiree principal reads its own order and no other
    mine = await world.client("retiree")("{ mealOrders(first: 10) { edges { node { retiree { id } } } } }")
    assert [edge["node"]["retiree"]["id"] for edge in mine["mealOrders"]["edges"]] == [world.ids["self"]]
