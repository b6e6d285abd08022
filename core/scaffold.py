"""``junxiu plugins new``: a new plugin distribution in the documented plugin shape, rendered
from the templates in ``core/templates/plugin`` (``string.Template``: ``$name`` placeholders,
``$$`` for a literal dollar, as in GraphQL variables).

The names a plugin needs (its prefix, its model, its GraphQL fields, its table) all follow from
the plugin name and the model name, so they are computed here once and checked before anything
is written; the distribution is written into a temporary folder and moved into place at the
end, so a refused or failed run leaves nothing behind.
"""

import keyword
import re
import secrets
import shutil
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from packaging.version import Version

from core import __version__
from core.host import discover
from core.schema.conventions import pascal, prefixes
from core.validation import camel

SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
PASCAL = re.compile(r"[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*")
#: the longest names the templates keep within ruff's 120 columns (a CJK character takes two)
MAX_NAME, MAX_MODEL, MAX_LABEL = 24, 32, 16
#: plugin names that are taken without being installed plugins: the core's own app label
RESERVED = {"core"}
TEMPLATES = files("core") / "templates" / "plugin"
#: the template folder that becomes the plugin's package
PACKAGE_FOLDER = "package"
SUFFIX = ".tmpl"
#: characters a label may not hold: it is written into Python strings and templates
UNSAFE = set("\"'\\{}$`")


class ScaffoldError(Exception):
    """Input ``plugins new`` refuses; nothing has been written."""


def snake(name: str) -> str:
    """``VisitRecord`` → ``visit_record``."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def plural(word: str) -> str:
    """A plain English plural, good enough for a generated field name the author may rename."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def core_versions() -> str:
    """The core versions a new plugin declares: from this core up to, not including, the next
    minor but one (before 1.0) or the next major (see the versioning policy page)."""
    version = Version(__version__)
    if version.major == 0:
        return f">={version.major}.{version.minor},<0.{version.minor + 2}"
    return f">={version.major}.{version.minor},<{version.major + 1}"


def latest_core_migration() -> str:
    """The core migration a plugin's first migration depends on: the newest one."""
    names = [entry.name for entry in (files("core") / "migrations").iterdir()]
    return max(name.removesuffix(".py") for name in names if re.fullmatch(r"\d{4}_\w+\.py", name))


@dataclass(frozen=True)
class PluginNames:
    """Every name of a new plugin, derived from its name, Chinese label and model."""

    name: str
    label: str
    model: str

    @property
    def package(self) -> str:
        return f"junxiu_{self.name}"

    @property
    def distribution(self) -> str:
        return f"junxiu-{self.name.replace('_', '-')}"

    def values(self) -> dict[str, str]:
        """The placeholders of the templates."""
        model = snake(self.model)
        rest = next(self.model.removeprefix(head) for head in prefixes(self.name) if self.model.startswith(head))
        table = f"{self.name}_{snake(rest) or model}"  # meals + MealOrder → meals_order
        return {
            "name": self.name,
            "label": self.label,
            "package": self.package,
            "distribution": self.distribution,
            "Pascal": pascal(self.name),
            "UPPER": self.name.upper(),
            "Model": self.model,
            "model": model,
            "models": plural(model),
            "modelCamel": camel(model),
            "modelsCamel": camel(plural(model)),
            "table": table,
            "related": plural(table),
            "core_versions": core_versions(),
            "core_migration": latest_core_migration(),
        }


def plugin_names(name: str, label: str | None = None, model: str | None = None) -> PluginNames:
    """The names of a new plugin, or ``ScaffoldError`` saying what is wrong with the input."""
    if not (SNAKE.fullmatch(name) and not keyword.iskeyword(name) and len(name) <= MAX_NAME):
        raise ScaffoldError(
            f"插件名 '{name}' 不合法：须为小写蛇形命名的 Python 标识符，至多 {MAX_NAME} 个字符"
            "（小写字母开头，由小写字母、数字和单个下划线组成，如 visits、party_life）"
        )
    if name in RESERVED:
        raise ScaffoldError(f"插件名 '{name}' 是核心保留的名称，请换一个")
    installed = discover().get(name)
    if installed is not None:
        raise ScaffoldError(f"插件名 '{name}' 已被已安装的插件占用（发行包 {installed.distribution}），请换一个")
    model = model or f"{pascal(name)}Record"
    if not (PASCAL.fullmatch(model) and model.startswith(prefixes(name)) and len(model) <= MAX_MODEL):
        raise ScaffoldError(
            f"模型名 '{model}' 不合法：须为以插件前缀 {' 或 '.join(prefixes(name))} 开头的 PascalCase 名称，"
            f"至多 {MAX_MODEL} 个字符（如 {pascal(name)}Record）"
        )
    label = (label or name).strip()
    if not (0 < len(label) <= MAX_LABEL and label.isprintable()) or UNSAFE & set(label):
        raise ScaffoldError(
            f"中文名 '{label}' 不合法：须为 1 至 {MAX_LABEL} 个字符，不含引号、反斜杠、花括号、$ 与控制字符"
        )
    return PluginNames(name, label, model)


def _templates(folder: Traversable, relative: str = "") -> list[tuple[str, Traversable]]:
    """Every template file below ``folder`` with its path relative to the templates' root."""
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        path = f"{relative}{entry.name}"
        if entry.is_dir():
            found += _templates(entry, f"{path}/")
        elif entry.name.endswith(SUFFIX):
            found.append((path, entry))
    return found


def _target(relative: str, names: PluginNames) -> str:
    """Where a template goes in the new distribution."""
    path = relative.removesuffix(SUFFIX)
    if path.startswith(f"{PACKAGE_FOLDER}/"):
        path = names.package + path.removeprefix(PACKAGE_FOLDER)
    return path.replace("test_plugin.py", f"test_{names.name}.py")


def render(names: PluginNames) -> dict[str, str]:
    """The files of the new distribution: relative path → text."""
    values = names.values()
    return {
        _target(relative, names): Template(entry.read_text(encoding="utf-8")).substitute(values)
        for relative, entry in _templates(TEMPLATES)
    }


def generate(name: str, directory: Path, label: str | None = None, model: str | None = None) -> Path:
    """Write the distribution of a new plugin to ``directory/junxiu-<name>`` and return that
    folder; refuses (``ScaffoldError``, nothing written) bad names and an existing folder."""
    names = plugin_names(name, label, model)
    if not directory.is_dir():
        raise ScaffoldError(f"目录 {directory} 不存在")
    target = directory / names.distribution
    if target.exists():
        raise ScaffoldError(f"目录 {target} 已存在：请换一个插件名或用 --directory 指定别的位置")
    rendered = render(names)
    staging = directory / f".{names.distribution}-{secrets.token_hex(4)}"
    staging.mkdir()  # not tempfile.mkdtemp: the folder keeps the usual permissions once moved
    try:
        for relative, text in rendered.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
