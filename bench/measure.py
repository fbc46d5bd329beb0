"""Peak resident memory of this process while a block runs."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import psutil


class Peak:
    """Peak RSS of this process while a stage runs (sampled every 20 ms)."""

    def __init__(self):
        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.02)

    @contextmanager
    def measure(self):
        self.peak, self._stop = self.proc.memory_info().rss, threading.Event()
        t = threading.Thread(target=self._run, daemon=True)
        t.start()
        yield
        self._stop.set()
        t.join()
