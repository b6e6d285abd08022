"""``junxiu plugins new``: the generated distribution works as it is (its own tests pass on the
database of this run, ruff and ``junxiu plugins check`` find nothing, its migration matches its
model), and bad input is refused with one line and nothing written.

The generated plugin is made visible as an installed distribution (a dist-info folder with its
entry point, and the folder on ``PYTHONPATH``) rather than ``pip install -e``: the same discovery,
without changing this test run's virtual environment.
"""

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.cli import app
from core.host import ENTRY_POINT_GROUP
from core.scaffold import MAX_LABEL, MAX_MODEL, MAX_NAME, PluginNames, render
from core.schema.conventions import pascal

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).parent / "ruff"
PLUGIN, LABEL = "visits", "探访慰问"
TUTORIAL = ROOT / "docs" / "plugin-dev" / "tutorial.md"
TUTORIAL_PLUGIN = ROOT / "examples" / "tutorial-plugin"
#: where the tutorial's plugin starts: ``junxiu plugins new notices --label 通知公告 --model Notice``
TUTORIAL_START = PluginNames("notices", "通知公告", "Notice")
#: files of the repository's copy that the tutorial does not write: what the core's own test run
#: uses (conftest, the plugin's part of the core's authorization matrix) and the older API tests
REPOSITORY_ONLY = {"tests/conftest.py", "tests/notices_world.py", "tests/test_notices_publishing.py"}
#: the unified plugin shape (docs/plugin-dev/index.md), as generated
SHAPE = {
    "pyproject.toml",
    "README.md",
    "docs/index.md",
    "tests/test_visits.py",
    *(
        f"junxiu_visits/{name}"
        for name in (
            "__init__.py",
            "settings.py",
            "permissions.py",
            "models.py",
            "loaders.py",
            "services.py",
            "schema.py",
            "errors.py",
            "demo.py",
            "migrations/__init__.py",
            "migrations/0001_initial.py",
        )
    ),
}


def new(*args: str) -> tuple[int, str, str]:
    """``junxiu plugins new ARGS``: the exit code, standard output and standard error."""
    result = CliRunner().invoke(app, ["plugins", "new", *args])
    return result.exit_code, result.stdout, result.stderr


def installed(folder: Path, name: str, site: Path) -> dict[str, str]:
    """An environment in which the distribution in ``folder`` is installed: its package
    importable and its entry point discovered, with this run's test database settings."""
    info = site / f"junxiu_{name}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: junxiu-{name}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = junxiu_{name}\n")
    kept = ("JUNXIU_TEST_DB", "JUNXIU_TEST_POSTGRES_URL", "JUNXIU_DATA_KEY")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_") or k in kept}
    return env | {"PYTHONPATH": os.pathsep.join([str(site), str(folder)]), "JUNXIU_CONFIG": str(site / "none.toml")}


def run(command: list[str], folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A plugin just generated, and the environment in which it is installed."""
    workspace = tmp_path_factory.mktemp("plugins-new")
    code, out, err = new(PLUGIN, "--label", LABEL, "--directory", str(workspace))
    folder = workspace / "junxiu-visits"
    assert code == 0 and f"已生成 {folder}" in out, err
    return folder, installed(folder, PLUGIN, workspace / "site")


def test_the_distribution_has_the_documented_shape(generated):
    folder, _ = generated
    written = {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}
    assert written == SHAPE
    pyproject = (folder / "pyproject.toml").read_text(encoding="utf-8")
    assert 'visits = "junxiu_visits"' in pyproject and 'junxiu_plugins = ["visits"]' in pyproject
    assert 'dependencies = ["junxiu>=0.1,<0.3"]' in pyproject
    assert "# 探访慰问（visits）" in (folder / "docs" / "index.md").read_text(encoding="utf-8")


def test_its_own_tests_pass_on_this_runs_database(generated):
    folder, env = generated
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider"], folder, env)
    assert f"junxiu test database: {env['JUNXIU_TEST_DB']}" in result.stdout and " 3 passed" in result.stdout


def test_plugins_check_finds_nothing_with_it_enabled(generated):
    folder, env = generated
    checked = run([sys.executable, "-m", "core.cli", "plugins", "check"], folder, env | {"JUNXIU_PLUGINS": PLUGIN})
    assert checked.stdout.strip() == "检查通过：已启用插件 visits"


def test_its_first_migration_matches_its_model(generated):
    folder, env = generated
    made = run([sys.executable, "-m", "core.cli", "makemigrations", PLUGIN], folder, env | {"JUNXIU_PLUGINS": PLUGIN})
    assert made.stdout.strip() == "模型没有变化，无需迁移"


def test_the_code_is_ruff_clean_even_with_the_longest_names(generated, tmp_path):
    longest = "a" * (MAX_NAME - 6) + "_" + "b" * 5
    model = (pascal(longest) + "Record" * 3)[:MAX_MODEL]
    code, _, err = new(longest, "--label", "军" * MAX_LABEL, "--model", model, "--directory", str(tmp_path))
    assert code == 0, err
    for folder in (generated[0], tmp_path / f"junxiu-{longest.replace('_', '-')}"):
        run([str(RUFF), "check", "--quiet", "."], folder, dict(os.environ))
        run([str(RUFF), "format", "--check", "--quiet", "."], folder, dict(os.environ))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Visits"], "插件名 'Visits' 不合法：须为小写蛇形命名的 Python 标识符"),
        (["visit-log"], "插件名 'visit-log' 不合法"),
        (["2visits"], "插件名 '2visits' 不合法"),
        (["visit__log"], "插件名 'visit__log' 不合法"),
        (["class"], "插件名 'class' 不合法"),
        (["v" * (MAX_NAME + 1)], f"至多 {MAX_NAME} 个字符"),
        (["core"], "插件名 'core' 是核心保留的名称"),
        (["meals"], "插件名 'meals' 已被已安装的插件占用（发行包 junxiu-meals）"),
        (["sanatorium"], "插件名 'sanatorium' 已被已安装的插件占用（发行包 junxiu）"),
        (
            ["visits", "--model", "Record"],
            "模型名 'Record' 不合法：须为以插件前缀 Visits 或 Visit 开头的 PascalCase 名称",
        ),
        (["visits", "--model", "visitRecord"], "模型名 'visitRecord' 不合法"),
        (["visits", "--label", 'a"b'], "中文名 'a\"b' 不合法"),
        (["visits", "--label", "军" * (MAX_LABEL + 1)], f"须为 1 至 {MAX_LABEL} 个字符"),
    ],
)
def test_bad_input_is_refused_with_one_line_and_nothing_written(args, message, tmp_path):
    code, out, err = new(*args, "--directory", str(tmp_path))
    assert code == 1 and out == ""
    assert err.startswith("错误：") and message in err and err.rstrip().endswith("；未写入任何文件")
    assert len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_refused_and_left_alone(tmp_path):
    existing = tmp_path / "junxiu-visits"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine")
    code, _, err = new("visits", "--directory", str(tmp_path))
    assert (
        code == 1
        and err.strip() == f"错误：目录 {existing} 已存在：请换一个插件名或用 --directory 指定别的位置；未写入任何文件"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["junxiu-visits"]
    assert [p.name for p in existing.iterdir()] == ["notes.txt"]
    missing = tmp_path / "absent"
    code, _, err = new("visits", "--directory", str(missing))
    assert code == 1 and f"目录 {missing} 不存在" in err and not missing.exists()


def hand_written(generated: str, final: str) -> int:
    """The non-blank lines of ``final`` that ``generated`` does not have (added or changed);
    the markers that cut a file into sections for the docs do not count."""
    old = generated.splitlines()
    new = [line for line in final.splitlines() if "--8<--" not in line]
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return sum(1 for tag, _, _, j1, j2 in opcodes if tag != "equal" for line in new[j1:j2] if line.strip())


def test_the_tutorial_plugin_is_the_generated_one_plus_the_lines_the_tutorial_counts():
    generated = render(TUTORIAL_START)
    files = [
        path.relative_to(TUTORIAL_PLUGIN)
        for path in TUTORIAL_PLUGIN.rglob("*")
        if path.is_file() and path.suffix in {".py", ".md", ".toml"} and "migrations" not in path.parts
    ]
    assert {str(path) for path in files} >= REPOSITORY_ONLY, "REPOSITORY_ONLY names a file that is gone"
    files = [path for path in files if str(path) not in REPOSITORY_ONLY]
    counts = {"code": 0, "tests": 0, "docs": 0}
    for relative in files:
        text = (TUTORIAL_PLUGIN / relative).read_text(encoding="utf-8")
        lines = hand_written(generated.get(str(relative), ""), text)
        if relative.suffix == ".md":
            counts["docs"] += lines
        elif relative.parts[0] == "tests":
            counts["tests"] += lines
        elif relative.parts[0] == "junxiu_notices":
            counts["code"] += lines
        else:  # the repository's copy is published under another name; nothing else differs
            assert (relative, lines) == (Path("pyproject.toml"), 1)
            assert text == generated["pyproject.toml"].replace('"junxiu-notices"', '"junxiu-tutorial-notices"')
    total = re.search(r"^\| 合计 \| (\d+) \| (\d+) / (\d+) / (\d+) \|$", TUTORIAL.read_text(encoding="utf-8"), re.M)
    assert total is not None, "the tutorial's table of commands and hand-written lines has no 合计 row"
    assert dict(zip(counts, map(int, total.groups()[1:]), strict=True)) == counts


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    written: list[Path] = []
    write_text = Path.write_text

    def disk_full_after_one_file(path: Path, *args, **kwargs):
        if written:
            raise OSError("磁盘已满")
        written.append(path)
        return write_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full_after_one_file)
    code, _, err = new("visits", "--directory", str(tmp_path))
    assert code == 1 and err.strip() == "错误：OSError: 磁盘已满"
    assert written and list(tmp_path.iterdir()) == []
