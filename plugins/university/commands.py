"""``junxiu university ...``: the class roster export (CSV with a BOM, so Excel opens it in
Chinese; names, gender, agency, status and attendance only, never ID numbers)."""

import asyncio
import csv
from pathlib import Path

import typer

from core.api import ServiceError, command_session

app = typer.Typer(help="军休老年大学", no_args_is_help=True)

HEADER = ["序号", "姓名", "性别", "所属机构", "状态", "出勤率"]


async def _export(class_id: int, output: Path) -> int:
    from plugins.university.services import roster

    # --8<-- [start:command_session]
    async with command_session():
        row, lines = await roster(class_id)
    # --8<-- [end:command_session]
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"班级：{row.name}", f"容量：{row.capacity}"])
        writer.writerow(HEADER)
        for line in lines:
            rate = "" if line.attendance_rate is None else f"{line.attendance_rate:.0%}"
            writer.writerow([line.number, line.name, line.gender, line.agency, line.status, rate])
    return len(lines)


@app.command("roster")
def roster_command(
    class_id: int = typer.Argument(..., help="班级编号（数据库 ID）"),
    output: Path = typer.Option(Path("roster.csv"), "--output", "-o", help="输出的 CSV 文件"),  # noqa: B008
) -> None:
    """导出班级花名册（CSV，含 BOM，可直接用 Excel 打开；不含身份证号）。"""
    try:
        count = asyncio.run(_export(class_id, output))
    except ServiceError as error:
        typer.echo(f"错误：{error.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"已导出 {count} 名学员到 {output}")
