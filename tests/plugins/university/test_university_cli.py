"""``junxiu university roster`` exports a class roster as CSV with a BOM and no ID numbers."""

import os

import pytest
from test_cli import junxiu


@pytest.mark.junxiu_db("sqlite", reason="the CLI runs against its own SQLite file")
def test_roster_export(tmp_path):
    env = {
        "JUNXIU_PLUGINS": "university",
        "JUNXIU_DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
        "JUNXIU_DATA_KEY": os.environ["JUNXIU_DATA_KEY"],
        "JUNXIU_CONFIG": str(tmp_path / "none.toml"),
    }
    env |= {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    demo = junxiu("demo", "--no-serve", env=env, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    output = tmp_path / "roster.csv"
    result = junxiu("university", "roster", "1", "--output", str(output), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[1] == "序号,姓名,性别,所属机构,状态,出勤率" and len(lines) > 2
    assert not any(
        ch.isdigit() and len(cell) == 18 for line in lines[2:] for cell in line.split(",") for ch in cell[:1]
    )
    missing = junxiu("university", "roster", "9999", "--output", str(output), env=env, cwd=tmp_path)
    assert missing.returncode == 1 and "班级不存在" in missing.stderr
