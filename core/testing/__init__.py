"""The junxiu testing kit: what a plugin's tests (and the core's own) need to test through the
GraphQL API as a client would. Its pytest plugin (``core.testing.pytest_plugin``, registered
through the ``pytest11`` entry point) provides the fixtures; see docs/plugin-dev/testing.md."""

from core.testing.accounts import PASSWORD
from core.testing.client import ADMIN_PASSWORD, FilePart, GraphQLClient, login_token, make_client
from core.testing.factories import create_agency, create_retiree, create_staff, id_number, province, retiree_input
from core.testing.sql import SQLCounter
from core.testing.world import MERIT, Populate, Publish, RoleClients, World, build_world, connection_fields, type_of

__all__ = [
    "ADMIN_PASSWORD",
    "MERIT",
    "PASSWORD",
    "FilePart",
    "GraphQLClient",
    "Populate",
    "Publish",
    "RoleClients",
    "SQLCounter",
    "World",
    "build_world",
    "connection_fields",
    "create_agency",
    "create_retiree",
    "create_staff",
    "id_number",
    "login_token",
    "make_client",
    "province",
    "retiree_input",
    "type_of",
]
