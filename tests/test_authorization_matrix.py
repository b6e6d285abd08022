"""Authorization matrix of the core with every installed plugin (built-in and example): the
kit's ``scope_matrix`` over a world in which each plugin's ``populate`` (its
``<plugin>_world.py``, beside its own tests) created records in every institute. Every root
connection, ``node(id:)``, nested path (type extensions included), single-record lookup and
mutation taking an ID, as each built-in and plugin role, is aimed at the nodes outside the
principal's scope, and anonymous requests reach only ``login``. A field a plugin adds is
covered without a new test: the queries and inputs are derived from the schema itself."""

import pytest
from support.worlds import EVERY_PLUGIN, callbacks, id_types

from core.testing import connection_fields


@pytest.fixture
def app_plugins() -> list[str]:
    return EVERY_PLUGIN


async def test_no_role_reaches_a_record_outside_its_scope(scope_matrix):
    populate, publish = callbacks(EVERY_PLUGIN)
    world = await scope_matrix(*populate, publish=publish, id_types=id_types(EVERY_PLUGIN))
    # the matrix covered the plugins' connections, mutations and roles, not the core's alone
    assert {"agencies", "retirees", "mealOrders", "notices", "sanatoriumBatches", "universityClasses"} <= set(
        connection_fields(world.graphql)
    )
    assert {"createRetiree", "orderMeal", "nominateSanatoriumCandidate", "enrolInUniversityClass"} <= set(
        world.graphql.mutation_type.fields
    )
    assert "UNIVERSITY_TEACHER" in world.roles
