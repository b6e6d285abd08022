"""The mutation run behind ``make mutation``: mutmut mutates each group of modules that guard
personal data and the regulation's rules, one small change at a time, and runs the tests that
cover that group against every mutant. A mutant no test notices is a survivor: a bug the
suite would let through. Not part of ``make test`` (hours on two cores); its results are
written to docs/testing.md (section 变异测试) by hand, each survivor explained.

    python tests/mutation_run.py                 # every group
    python tests/mutation_run.py scope crypto    # some groups

Each group runs in its own copy of the tracked files under build/mutation/<group>, with the
mutmut settings of that group, so groups neither share mutants nor a test selection."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
#: group -> (modules mutated, the tests that cover them)
GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "scope": (["core/scope.py"], ["tests/test_services.py", "tests/test_permission_matrix.py"]),
    "sensitive": (
        ["core/schema/sensitive.py"],
        ["tests/test_masking.py", "tests/test_masking_matrix.py", "tests/test_security.py"],
    ),
    "crypto": (["core/crypto.py"], ["tests/test_encryption.py"]),
    "limits": (["core/limits.py"], ["tests/test_limits.py", "tests/test_boundaries.py", "tests/test_http_edges.py",
                                    "tests/test_logging.py"]),
    "core-services": (
        ["core/services/*"],
        [
            "tests/test_services.py",
            "tests/test_permission_matrix.py",
            "tests/test_retirees_api.py",
            "tests/test_agencies_api.py",
            "tests/test_staff_api.py",
            "tests/test_login_throttle.py",
            "tests/test_id_number_oracle.py",
            "tests/test_security.py",
        ],
    ),
    "sanatorium": (["plugins/sanatorium/services/*"], ["tests/plugins/sanatorium"]),
    "university": (["plugins/university/services/*"], ["tests/plugins/university"]),
}
CAUGHT = ("killed", "timeout", "segfault")


def _copy_tree(target: Path) -> None:
    """The tracked files (and untracked, unignored ones) as they are in the working tree."""
    shutil.rmtree(target, ignore_errors=True)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _configure(target: Path, modules: list[str], tests: list[str]) -> None:
    settings = {
        "source_paths": ["core/", "plugins/"],
        # what tests read besides code: the portal operations, the example plugins
        "also_copy": ["graphql/", "examples/"],
        "only_mutate": modules,
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q", "-x"],
    }
    lines = ["", "[tool.mutmut]", *(f"{key} = {json.dumps(value)}" for key, value in settings.items())]
    with (target / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write("\n".join(lines) + "\n")


def run_group(name: str) -> dict[str, object]:
    modules, tests = GROUPS[name]
    target = WORK / name
    _copy_tree(target)
    _configure(target, modules, tests)
    mutmut = str(Path(sys.executable).parent / "mutmut")
    children = os.environ.get("MUTMUT_CHILDREN", str(os.cpu_count() or 2))
    subprocess.run([mutmut, "run", "--max-children", children], cwd=target, check=True)
    listing = subprocess.run(
        [mutmut, "results", "--all", "true"], cwd=target, check=True, capture_output=True, text=True
    )
    outcomes = dict(line.strip().rsplit(": ", 1) for line in listing.stdout.splitlines() if ": " in line)
    survivors = sorted(mutant for mutant, outcome in outcomes.items() if outcome not in CAUGHT)
    caught = len(outcomes) - len(survivors)
    return {
        "group": name,
        "mutants": len(outcomes),
        "caught": caught,
        "survivors": survivors,
        "score": round(100 * caught / len(outcomes), 1) if outcomes else None,
    }


def main(names: list[str]) -> None:
    unknown = set(names) - set(GROUPS)
    if unknown:
        raise SystemExit(f"unknown groups {sorted(unknown)}; groups: {', '.join(GROUPS)}")
    WORK.mkdir(parents=True, exist_ok=True)
    for name in names or list(GROUPS):
        result = run_group(name)
        (WORK / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"{name}: {result['caught']}/{result['mutants']} caught ({result['score']}%)")
        for survivor in result["survivors"]:  # type: ignore[union-attr]
            print(f"  survived: {survivor}  (mutmut show {survivor}, in build/mutation/{name})")


if __name__ == "__main__":
    main(sys.argv[1:])
