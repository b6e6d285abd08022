"""The world the authorization checks run in: two provinces, built through the API as the
system administrator, each province department → city department → institutes, each
institute with a staff member and retirees, and in it whatever the plugins' ``populate``
callbacks create. Snapshots of every node taken between the steps say which nodes each
principal must never reach, independently of the scoping code under test.

The principals (accounts of ``core.testing.accounts``) sit in the first province: a city
department's administrator and read-only portal, the home institute's manager and staff and
one account per plugin role, and a retiree of the home institute (``self``)."""

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import strawberry
from strawberry import relay

from core.permissions import SYSTEM_ADMIN
from core.testing.accounts import BUILT_IN, built_in_accounts, plugin_role_accounts, tokens
from core.testing.client import GraphQLClient
from core.testing.factories import create_agency, create_retiree, create_staff
from graphql import GraphQLSchema, build_schema

#: ``populate(admin, institute)`` creates a plugin's records inside one institute, as the
#: administrator; ``institute`` holds global IDs: ``agency``, ``staff``, ``retiree``,
#: ``city``, ``province`` and what ``publish`` returned for the province
Populate = Callable[[GraphQLClient, dict[str, str]], Awaitable[object]]
#: ``publish(admin, province)`` creates records a province department publishes to its whole
#: subtree (``province["agency"]``); the global IDs it returns reach every institute below
Publish = Callable[[GraphQLClient, dict[str, str]], Awaitable[Mapping[str, str] | None]]
#: an award, so that plugins with award-based rules (honour stays) find eligible retirees
MERIT = [{"awardedOn": "1979-03-01", "level": "FIRST_CLASS_MERIT", "period": "DURING_SERVICE"}]


def type_of(node_id: str) -> str:
    """The type name inside a global ID."""
    return relay.GlobalID.from_id(node_id).type_name


def connection_fields(schema: GraphQLSchema) -> list[str]:
    """Root query fields that list nodes (connections of Node types), plugins' included."""
    names = []
    for name, root_field in schema.query_type.fields.items():
        connection = getattr(root_field.type, "of_type", root_field.type)
        if not str(connection).endswith("Connection"):
            continue
        node = connection.fields["edges"].type.of_type.of_type.of_type.fields["node"].type.of_type
        if any(interface.name == "Node" for interface in node.interfaces):
            names.append(name)
    return sorted(names)


async def all_nodes(admin: GraphQLClient, fields: Iterable[str]) -> set[str]:
    """The ID of every node the root connections ``fields`` list to the administrator."""
    ids: set[str] = set()
    for name in fields:
        after = None
        while True:
            page = await admin(
                f"query ($after: String) {{ {name}(first: 100, after: $after) {{ pageInfo {{ hasNextPage endCursor }} "
                "edges { node { ... on Node { id } } } } }",
                {"after": after},
            )
            connection = page[name]
            ids |= {edge["node"]["id"] for edge in connection["edges"] if edge["node"].get("id")}
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
    return ids


@dataclass
class World:
    """What ``build_world`` made: the administrator's client, global IDs by name (``province``,
    ``city``, ``self``, and ``home_…``, ``sibling_…``, ``hangzhou_…`` for each institute's
    ``agency``, ``staff``, ``retiree``, ``other_retiree``, plus what the first province's
    ``publish`` returned), and per principal its role, username, token and the nodes it
    must never reach (``foreign``) or change (``foreign_writes``: public catalogue rows too)."""

    admin: GraphQLClient
    ids: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    foreign: dict[str, set[str]] = field(default_factory=dict)
    foreign_writes: dict[str, set[str]] = field(default_factory=dict)

    @property
    def schema(self) -> strawberry.Schema:
        """The strawberry schema of the world's app."""
        return self.admin.app.state.schema

    @cached_property
    def graphql(self) -> GraphQLSchema:
        """The same schema as graphql-core types (built from its SDL), for deriving queries."""
        return build_schema(self.schema.as_str())

    def client(self, principal: str) -> GraphQLClient:
        """The client of a principal (a name of ``BUILT_IN`` or a plugin role's code)."""
        return self.admin.as_user(self.tokens[principal])


async def _publish(admin: GraphQLClient, province: str, publish: Iterable[Publish]) -> dict[str, str]:
    published: dict[str, str] = {}
    for step in publish:
        published.update(await step(admin, {"agency": province}) or {})
    return published


async def _institute(
    admin: GraphQLClient, name: str, city: str, province: str, published: dict[str, str]
) -> dict[str, str]:
    """An institute with an established staff member, a retiree with contact, health and award
    data, and a second retiree; the dict ``populate`` receives (plus ``other_retiree``)."""
    unit = await create_agency(admin, name, "INSTITUTE", city, staffQuota=10)
    staff = await create_staff(admin, unit["id"], name=f"{name}员工", employment="ESTABLISHED")
    retiree = await create_retiree(
        admin,
        unit["id"],
        name=f"{name}老人",
        phone="13812345678",
        address="某区某路1号",
        focusTags=["DISABLED"],
        awards=MERIT,
    )
    other = await create_retiree(admin, unit["id"], name=f"{name}老人乙", birth=dt.date(1945, 2, 2))
    return {
        **published,
        "province": province,
        "city": city,
        "agency": unit["id"],
        "staff": staff["id"],
        "retiree": retiree["id"],
        "other_retiree": other["id"],
    }


async def _populate(admin: GraphQLClient, institute: dict[str, str], populate: Iterable[Populate]) -> None:
    given = {key: value for key, value in institute.items() if key != "other_retiree"}
    for step in populate:
        await step(admin, dict(given))


async def _public(world: World, nodes: Iterable[str]) -> set[str]:
    """The nodes their model's scope rule declares public catalogue data (within its
    ``public_filter``): every holder of the read permission may read them, whatever its scope."""
    rules = world.admin.app.state.host.scope_rules
    public = set()
    for node_id in nodes:
        decoded = relay.GlobalID.from_id(node_id)
        definition = world.schema.get_type_by_name(decoded.type_name)
        model = getattr(getattr(definition, "origin", None), "__model__", None)
        rule = rules.get(model)
        if rule is None or not rule.public:
            continue
        if not rule.public_filter or await model.filter(pk=decoded.node_id, **rule.public_filter).exists():
            public.add(node_id)
    return public


async def build_world(
    admin: GraphQLClient, populate: Iterable[Populate] = (), publish: Iterable[Publish] = ()
) -> World:
    """The world, with ``populate`` called for each institute (and once more in the home
    institute for the retiree principal, ``self``) and ``publish`` for each province."""
    populate, publish = list(populate), list(publish)
    world = World(admin)
    fields = connection_fields(world.graphql)

    async def nodes() -> set[str]:
        return await all_nodes(admin, fields)

    # province 2: no principal may reach any of it
    zhejiang = (await create_agency(admin, "浙江省退役军人事务厅", "DEPARTMENT"))["id"]
    published_there = await _publish(admin, zhejiang, publish)
    hangzhou_city = (await create_agency(admin, "杭州市退役军人事务局", "DEPARTMENT", zhejiang))["id"]
    hangzhou = await _institute(admin, "杭州军休所", hangzhou_city, zhejiang, published_there)
    await _populate(admin, hangzhou, populate)
    province_two = await nodes()
    # province 1: what it publishes reaches its whole line, the retiree included
    jiangsu = (await create_agency(admin, "江苏省退役军人事务厅", "DEPARTMENT"))["id"]
    before_publishing = await nodes()
    published_here = await _publish(admin, jiangsu, publish)
    published = await nodes() - before_publishing
    city = (await create_agency(admin, "南京市退役军人事务局", "DEPARTMENT", jiangsu))["id"]
    # the sibling institute, out of reach of the home institute's principals
    before_sibling = await nodes()
    sibling = await _institute(admin, "南京二所", city, jiangsu, published_here)
    await _populate(admin, sibling, populate)
    sibling_nodes = await nodes() - before_sibling
    home = await _institute(admin, "南京一所", city, jiangsu, published_here)
    await _populate(admin, home, populate)
    # the retiree principal and its own records: nothing else of the institute is its own
    before_self = await nodes()
    self_id = (await create_retiree(admin, home["agency"], name="本人", phone="13900001111", awards=MERIT))["id"]
    await _populate(admin, {**home, "retiree": self_id}, populate)
    own = await nodes() - before_self
    world.ids = {
        **published_here,
        "province": jiangsu,
        "city": city,
        "self": self_id,
        **{
            f"{prefix}_{key}": value
            for prefix, unit in (("home", home), ("sibling", sibling), ("hangzhou", hangzhou))
            for key, value in unit.items()
            if key in ("agency", "staff", "retiree", "other_retiree")
        },
    }
    accounts = await built_in_accounts(admin, city, home["staff"], self_id)
    everything = await nodes()
    own.add(accounts["retiree"])
    world.foreign_writes = {
        "department": province_two,
        "portal": province_two,
        "manager": province_two | sibling_nodes,
        "staff": province_two | sibling_nodes,
        "retiree": everything - own - published,
    }
    world.roles = {name: role for name, (role, _) in BUILT_IN.items()}
    world.usernames = {name: username for name, (_, username) in BUILT_IN.items()}
    # one staff account of the home institute per plugin role: scoped as the institute's staff
    plugin_roles = await plugin_role_accounts(admin, home["agency"], admin.app.state.host.permissions.roles)
    for code, username in plugin_roles.items():
        world.roles[code], world.usernames[code] = code, username
        world.foreign_writes[code] = world.foreign_writes["staff"]
    public = await _public(world, everything)
    world.foreign = {name: nodes - public for name, nodes in world.foreign_writes.items()}
    world.tokens = await tokens(world.usernames)
    return world


class RoleClients(dict[str, GraphQLClient]):
    """Role code → the client of an account holding it (``admin`` and ``SYSTEM_ADMIN``: the
    administrator's); ``world`` is the ``World`` the accounts live in."""

    def __init__(self, world: World) -> None:
        super().__init__({world.roles[name]: world.client(name) for name in world.roles})
        self["admin"] = self[SYSTEM_ADMIN] = world.admin
        self.world = world
