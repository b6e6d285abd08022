"""``junxiu sanatorium ...``: a batch's roster as CSV (for Excel) and a plan's quota use.
Run as the system principal by an operator of the instance; the roster holds no ID numbers."""

import asyncio
import csv
from pathlib import Path

import typer

from core.api import SYSTEM, ServiceError, command_session

app = typer.Typer(help="荣誉疗养", no_args_is_help=True)

ROSTER_HEADER = ["姓名", "性别", "年龄", "推荐机构", "随行家属", "状态", "健康评估"]


def _fail(error: ServiceError) -> None:
    typer.echo(f"错误：{error.message}", err=True)
    raise typer.Exit(1)


async def _roster(batch_id: int) -> list[list[str]]:
    from plugins.sanatorium.services import roster

    async with command_session():
        lines = await roster(SYSTEM, batch_id)
    return [[x.name, x.gender, str(x.age), x.agency, x.companions, x.status, x.fitness] for x in lines]


@app.command("roster")
def roster_command(
    batch_id: int = typer.Argument(..., help="批次编号（数据库 ID）"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入 CSV 文件（UTF-8 带 BOM，Excel 可直接打开）"),  # noqa: B008
) -> None:
    """导出批次名单：已推荐、审核中、已通过、已参加、未参加的人员及随行家属。"""
    try:
        rows = asyncio.run(_roster(batch_id))
    except ServiceError as error:
        _fail(error)
        return
    if output is None:
        writer = csv.writer(typer.get_text_stream("stdout"))
        writer.writerows([ROSTER_HEADER, *rows])
        return
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([ROSTER_HEADER, *rows])
    typer.echo(f"已导出 {len(rows)} 人到 {output}")


async def _quota(plan_id: int) -> list[list[str]]:
    from plugins.sanatorium.services import quota_usage

    async with command_session():
        rows = await quota_usage(SYSTEM, plan_id)
    return [
        [row.agency.name if row.agency else "（总名额）", str(row.quota), str(row.used), str(row.remaining)]
        for row in rows
    ]


@app.command("quota")
def quota_command(plan_id: int = typer.Argument(..., help="计划编号（数据库 ID）")) -> None:
    """显示计划的名额使用情况：总名额及各机构名额、已占用、剩余。"""
    try:
        rows = asyncio.run(_quota(plan_id))
    except ServiceError as error:
        _fail(error)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("机构", "名额", "已占用", "剩余")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
