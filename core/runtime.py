"""Make one plugin host the running one: its events fire, its scope rules and permissions
apply. Called once by the app, the CLI and the tests."""

from core import permissions, scope
from core.host import PluginHost, activate
from core.plugin import ScopeRule


def configure(host: PluginHost) -> PluginHost:
    activate(host)
    rules: list[ScopeRule] = [
        rule for _, contributed in host.contributions("register_scope_rules") for rule in contributed
    ]
    scope.register_rules(rules)
    permissions.configure(permissions.PermissionRegistry.for_host(host))
    return host
