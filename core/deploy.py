"""A systemd unit for ``junxiu serve``, written with the real paths of this installation
(``junxiu deploy systemd-unit``), so that it cannot point at a virtual environment that is not
there. docs/operations/index.md shows one and explains each line."""

import shlex
import sys
from pathlib import Path

UNIT = """\
# junxiu 服务（由 junxiu deploy systemd-unit 生成）
# 安装：sudo cp junxiu.service /etc/systemd/system/ && sudo systemctl daemon-reload
#       sudo systemctl enable --now junxiu
[Unit]
Description=junxiu 军休服务管理平台
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
Type=exec
User={user}
Group={group}
WorkingDirectory={workdir}
Environment=JUNXIU_CONFIG={config}
ExecStart={exec_start}
Restart=on-failure
RestartSec=5
# 结束时给正在处理的请求留出时间
TimeoutStopSec=30
# 加固：除工作目录（SQLite 数据库、密钥文件）外文件系统只读，新文件仅属主可读
NoNewPrivileges=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=read-only
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes
ReadWritePaths={workdir}
UMask=0077

[Install]
WantedBy=multi-user.target
"""


def junxiu_executable() -> Path:
    """The ``junxiu`` script of the environment this Python runs in."""
    return Path(sys.executable).parent / "junxiu"


def systemd_unit(workdir: Path, user: str, group: str | None = None, workers: int = 1) -> str:
    """The unit text: ``junxiu serve`` of this environment, run as ``user`` in ``workdir``
    (where ``junxiu.toml``, the data key and an SQLite database live)."""
    workdir = workdir.resolve()
    if any(char.isspace() for char in f"{workdir}{junxiu_executable()}{user}{group or ''}"):
        # systemd separates ReadWritePaths= and User= values at whitespace
        raise ValueError("路径和用户名不能含空白字符")
    command = [str(junxiu_executable()), "serve", *(["--workers", str(workers)] if workers > 1 else [])]
    return UNIT.format(
        user=user,
        group=group or user,
        workdir=workdir,
        config=workdir / "junxiu.toml",
        exec_start=shlex.join(command),
    )
