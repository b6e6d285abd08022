"""Instance settings: ``junxiu.toml`` overridden by ``JUNXIU_*`` environment variables."""

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = "junxiu.toml"


class AttachmentType(StrEnum):
    """The file types attachments may have, each recognised by its content."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    TEXT = "text/plain"


def config_path() -> Path:
    """The settings file in use: ``JUNXIU_CONFIG`` or ``./junxiu.toml``."""
    return Path(os.environ.get("JUNXIU_CONFIG", DEFAULT_CONFIG_FILE))


class Settings(BaseSettings):
    """Every setting of an instance; the docs' configuration reference is generated from it."""

    model_config = SettingsConfigDict(env_prefix="JUNXIU_", extra="forbid")

    env: Literal["development", "production"] = Field(
        "development", description="运行环境；production 关闭 IDE 与内省并屏蔽内部错误"
    )
    database_url: str = Field(
        "sqlite://junxiu.sqlite3",
        description="数据库地址：sqlite://文件路径 或 postgres://用户:密码@主机:端口/库名",
    )
    plugins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="启用的插件名称列表；环境变量用逗号分隔"
    )
    plugin_settings: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="各插件的设置，按插件名分表，如 [plugin_settings.meals]"
    )
    host: str = Field("127.0.0.1", description="serve 命令监听的地址")
    port: int = Field(8000, ge=1, le=65535, description="serve 命令监听的端口")
    docs_dir: str = Field("site", description="已构建文档站点的目录，存在时在 /docs 提供")
    # Accounts and sessions
    session_hours: int = Field(8, ge=1, le=24 * 30, description="登录会话令牌的有效小时数")
    api_token_max_days: int = Field(365, ge=1, le=3650, description="API 令牌最长有效天数")
    password_min_length: int = Field(10, ge=8, le=128, description="密码最短长度")
    password_min_classes: int = Field(
        3, ge=1, le=4, description="密码至少包含的字符类别数（大写、小写、数字、符号）"
    )
    max_failed_logins: int = Field(
        50, ge=1, le=10_000, description="同一用户名（所有客户端地址合计）连续登录失败多少次后锁定账户"
    )
    lockout_minutes: int = Field(15, ge=1, le=24 * 60, description="账户锁定的分钟数")
    max_failed_logins_per_address: int = Field(
        5, ge=1, le=1000, description="同一用户名从同一客户端地址连续登录失败多少次后暂停该地址登录此用户名"
    )
    address_lockout_minutes: int = Field(
        5, ge=1, le=24 * 60, description="暂停某地址登录某用户名的分钟数"
    )

    @field_validator("plugins", "attachment_types", mode="before")  # a comma-separated environment variable
    @classmethod
    def _split_comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [name.strip() for name in value.split(",") if name.strip()]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_path())
        return (init_settings, env_settings, toml)

    # GraphQL and HTTP limits
    max_query_depth: int = Field(12, ge=1, description="GraphQL 查询的最大嵌套深度（片段展开后计）")
    max_aliases: int = Field(30, ge=0, description="一个 GraphQL 文档中别名的最大个数（片段每展开一次计一次）")
    max_tokens: int = Field(3000, ge=1, description="一个 GraphQL 文档的最大词法记号数（注释另计，上限相同）")
    max_query_cost: int = Field(
        20_000, ge=1, description="GraphQL 查询的代价上限：每个字段计 1，列表按 first（默认 20）或 10 倍相乘"
    )
    max_body_bytes: int = Field(100_000, ge=1, description="HTTP 请求体的最大字节数，超过时返回 413")
    request_timeout_seconds: float = Field(15.0, gt=0, description="GraphQL 请求的处理时限（秒），超时返回 504")
    parser_cache_size: int = Field(256, ge=0, description="GraphQL 解析结果缓存的条目上限（0 表示不缓存）")
    validation_cache_size: int = Field(256, ge=0, description="GraphQL 校验结果缓存的条目上限（0 表示不缓存）")
    # HTTP access: GraphQL over GET and the pages' security headers
    graphql_get_queries: bool = Field(
        False, description="允许以 GET 方式执行查询（如便于 HTTP 缓存）；变更（mutation）始终只能 POST"
    )
    # Encryption at rest
    data_key_file: str = Field(
        "junxiu.key", description="数据密钥文件（base64 的 32 字节密钥），用于加密身份证号、电话、住址"
    )
    data_key: SecretStr | None = Field(
        None, description="数据密钥（base64 的 32 字节），设置时优先于 data_key_file；宜用环境变量提供"
    )
    old_data_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="密钥轮换后仍可解密的旧数据密钥（base64）；环境变量用逗号分隔"
    )

    @field_validator("old_data_keys", mode="before")
    @classmethod
    def _split_key_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [key.strip() for key in value.split(",") if key.strip()]
        return value
    # Logging and operations (core/logs.py, core/tracking.py, core/metrics.py)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="日志级别（平台、strawberry、uvicorn 的日志；tortoise 的 SQL 日志不低于 INFO）"
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="日志格式：text（一行文本）或 json（每行一个 JSON 对象）；每行含请求编号与操作者编号"
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="可信反向代理的地址或网段（CIDR）；只有来自它们的请求才采用 X-Forwarded-For 中的客户端地址。"
        "环境变量用逗号分隔",
    )
    metrics_enabled: bool = Field(False, description="在 /metrics 提供 Prometheus 指标（需安装 junxiu[metrics]）")
    # Attachments (core/attachments.py)
    attachments_dir: str = Field(
        "",
        description="附件文件的存放目录；留空时为 SQLite 数据库文件旁的 attachments/（PostgreSQL 时为当前目录下的）",
    )
    attachment_max_bytes: int = Field(
        10_000_000, ge=1, le=1_000_000_000, description="单个附件的最大字节数；上传请求体的上限为它加上 max_body_bytes"
    )
    attachment_types: Annotated[list[AttachmentType], NoDecode] = Field(
        default_factory=lambda: list(AttachmentType),
        description="允许上传的附件类型（按文件内容识别，不信任客户端声明）；环境变量用逗号分隔",
    )


    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxy_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [network.strip() for network in value.split(",") if network.strip()]
        return value
