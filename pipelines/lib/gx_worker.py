"""Great Expectations in a process of its own, started before it is needed.

Importing GX is ~2-3 s of Python (GX, scipy, sqlalchemy, altair; ~1.8 s once the worker has deferred
the three our suite never uses: pipelines/lib/gx_imports.py). In a thread of the run's process that
import holds the GIL the ingest's own Python needs: the ingest of 1M records took 2.6 s alone and
4.0 s beside the import. In a child process started when the ingest starts, the import runs on the
other core and GX is ready as the ingest ends (3.3 s). The parent streams the batches to it (pickled
Arrow tables, or DataFrames, one at a time: memory stays bounded; the worker makes the DataFrames GX
validates) and gets the statistics back; nothing else crosses.

Run as ``python -m pipelines.lib.gx_worker``: it reads ("spec", suite) then ("batch", table)...
then ("end",) from stdin and writes ("ok", SuiteStats) or ("error", traceback) to stdout.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import IO

from pipelines.lib import settings
from pipelines.lib.gx_validation import Batch, SuiteStats


class GxWorker:
    """One validation in a child process; ``__init__`` starts it (and its import of GX) at once."""

    def __init__(self) -> None:
        env = {**os.environ, "GX_ANALYTICS_ENABLED": "false",
               "PYTHONPATH": os.pathsep.join(p for p in (str(settings.REPO), os.environ.get("PYTHONPATH")) if p)}
        self._stderr = tempfile.TemporaryFile()  # for the message if it fails; a pipe could fill and block it
        self._proc = subprocess.Popen([sys.executable, "-m", "pipelines.lib.gx_worker"], env=env,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        self._sent: Future | None = None  # the hand-over submit() started

    def validate(self, spec: dict, batches: Iterable[Batch],
                 sent: Callable[[], object] | None = None) -> SuiteStats:
        """``sent``: called once the worker has the batches, while it validates them."""
        try:
            self._send(spec, batches)
        except BaseException:
            self.close()  # at once: it may be waiting for batches that will never come
            raise
        return self._result(sent)

    def submit(self, spec: dict, batches: list[Batch]) -> None:
        """Hand ``batches`` over from a thread of this process and return at once: the pipe takes them
        only as fast as the worker reads, and it reads once its import of GX is done. ``result()``
        then waits for its answer."""
        sending = ThreadPoolExecutor(1, thread_name_prefix="gx-send")
        self._sent = sending.submit(self._send, spec, batches)
        sending.shutdown(wait=False)  # its one thread ends with the hand-over

    def submitted(self) -> bool:
        return self._sent is not None

    def result(self, sent: Callable[[], object] | None = None) -> SuiteStats:
        """The answer to what ``submit`` handed over; ``sent`` as in ``validate``."""
        try:
            self._sent.result()
        except BaseException:
            self.close()
            raise
        return self._result(sent)

    def _result(self, sent: Callable[[], object] | None) -> SuiteStats:
        try:
            if sent is not None:
                sent()
            status, payload = self._answer()
        except BaseException:
            self.close()
            raise
        self.close(wait_s=30)  # it exits by itself once it has answered
        if status != "ok":
            raise RuntimeError(f"GX validation failed in its worker process:\n{payload}")
        payload.in_worker = True
        return payload

    def _send(self, spec: dict, batches: Iterable[Batch]) -> None:
        try:
            for message in _messages(spec, batches):
                pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.close()
        except BrokenPipeError:
            pass  # it stopped reading: its answer, or its exit, says why

    def _answer(self) -> tuple[str, object]:
        try:
            return pickle.load(self._proc.stdout)
        except (EOFError, pickle.UnpicklingError) as exc:
            raise RuntimeError(f"GX's worker process ended (exit code {self._proc.wait(60)}) before it "
                               f"answered: {self._stderr_tail()}") from exc

    def _stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-3000:] or "(nothing on stderr)"

    def close(self, wait_s: float = 0) -> None:
        """Stop it: after ``wait_s`` seconds for it to exit by itself, as it does once it has answered."""
        try:
            self._proc.wait(wait_s)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._sent is not None:  # its writes fail once the worker is gone: let it end first
            wait([self._sent], timeout=10)
        for stream in (self._proc.stdin, self._proc.stdout, self._stderr):
            if stream is not None and not stream.closed:
                stream.close()


def _messages(spec: dict, batches: Iterable[Batch]) -> Iterator[tuple]:
    yield ("spec", spec)
    for batch in batches:
        yield ("batch", batch)
    yield ("end",)


def _read_batches(source: IO[bytes]) -> Iterator[Batch]:
    while (message := pickle.load(source))[0] == "batch":
        yield message[1]


def main() -> None:
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever GX prints goes to stderr: stdout carries only the answer
    try:
        from pipelines.lib import gx_imports

        gx_imports.defer_unused_imports()  # GX's import below ~1.8 s instead of ~3 s
        from pipelines.lib import gx_validation

        context = gx_validation.ephemeral_context()  # imports GX: the slow part, begun before any batch
        source = sys.stdin.buffer
        kind, spec = pickle.load(source)
        if kind != "spec":
            raise ValueError(f"GX's worker expected the suite first, got {kind!r}")
        reply = ("ok", gx_validation.validate_batches(context, spec, _read_batches(source)))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent, which raises it
        reply = ("error", traceback.format_exc())
    pickle.dump(reply, answer, protocol=pickle.HIGHEST_PROTOCOL)
    answer.close()
    sys.stderr.flush()
    os._exit(0)  # the parent waits for the exit: skip tearing down GX's modules (~0.4 s); nothing is left to write


if __name__ == "__main__":
    main()
