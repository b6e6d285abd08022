"""junxiu 核心：军休机构、军休干部与工作人员，插件宿主与统一 GraphQL 架构。"""

__version__ = "0.1.0"

#: The plugin contract version this core implements; see ``PluginSpec.plugin_api``.
PLUGIN_API = 1
