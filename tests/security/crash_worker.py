"""A fork server for the crash test: imports Docket once, then runs each `docket` command it is
sent in a fresh child process, so the test can SIGKILL a real process mid-write without paying
for Python's start-up a hundred times.

Protocol, one JSON line each way: the test sends {"argv": [...], "env": {...}}; the server
answers {"pid": N} when the child runs, then {"pid": N, "signal": S, "code": C} when it ends.
"""

from __future__ import annotations

import os
import sys

import orjson


def main() -> None:
    from docket.cli.app import app  # imported once, before any fork

    out = sys.stdout
    for line in sys.stdin:
        job = orjson.loads(line)
        pid = os.fork()
        if pid == 0:  # the child: run one docket command, then leave without cleanup
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.environ.update(job.get("env", {}))
            code = 0
            try:
                app(args=job["argv"], prog_name="docket", standalone_mode=False)
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
            except BaseException:
                code = 1
            os._exit(code)
        out.write(orjson.dumps({"pid": pid}).decode() + "\n")
        out.flush()
        _, status = os.waitpid(pid, 0)
        result = {
            "pid": pid,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        }
        out.write(orjson.dumps(result).decode() + "\n")
        out.flush()


if __name__ == "__main__":
    main()
