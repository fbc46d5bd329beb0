"""One run at a time per warehouse: the lock waits, says who holds it, and dies with its holder."""

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipelines.lib.run_lock import holder_of, holding


def free(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_a_second_holder_waits_names_the_first_and_follows_it(tmp_path):
    lock = tmp_path / "wh" / "w.run.lock"  # its folder is made
    events: list[str] = []
    first_in = threading.Event()
    release = threading.Event()

    def first() -> None:
        with holding(lock, "run A (pid 1)"):
            events.append("A in")
            first_in.set()
            release.wait(10)
            events.append("A out")

    def second() -> None:
        with holding(lock, "run B (pid 2)", on_wait=lambda who: events.append(f"B waits for {who}"), poll_s=0.02):
            events.append("B in")
            events.append(f"B reads {holder_of(lock)}")

    a = threading.Thread(target=first)
    a.start()
    assert first_in.wait(10)
    assert holder_of(lock).startswith("run A (pid 1) since ")
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.3)  # B has tried for a while, and is still outside
    assert events[-1].startswith("B waits for run A (pid 1) since ")
    release.set()
    a.join(10)
    b.join(10)
    assert [e.split(" since ")[0] for e in events] == [
        "A in", "B waits for run A (pid 1)", "A out", "B in", "B reads run B (pid 2)"]
    assert holder_of(lock) == "" and free(lock)  # released, and no stale holder to read


def test_a_killed_holder_leaves_the_lock_free(tmp_path):
    lock = tmp_path / "w.run.lock"
    code = ("import sys, time; from pathlib import Path; from pipelines.lib.run_lock import holding\n"
            "with holding(Path(sys.argv[1]), 'run K (pid x)'):\n    print('held', flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(lock)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).parents[2])
    try:
        assert proc.stdout.readline().strip() == "held"
        assert not free(lock)
        waits: list[str] = []
        proc.send_signal(signal.SIGKILL)  # no finally, no clean-up: the kernel releases the lock
        proc.wait(10)
        with holding(lock, "run L (pid y)", on_wait=waits.append):
            assert holder_of(lock).startswith("run L (pid y)")
        assert waits == []
    finally:
        proc.kill()
