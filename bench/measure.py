"""What the benchmarks share: CPU time read from /proc, which other jobs on a shared machine
inflate far less than wall time."""

import os
from pathlib import Path


def process_cpu_s(pid: int) -> float:
    """User plus system CPU seconds of one process, from /proc (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
