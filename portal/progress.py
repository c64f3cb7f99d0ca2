"""Progress of a long command on a terminal: done/total, elapsed time and an estimate of
the time left, on one line rewritten in place at most twice a second. When the output is
not a terminal (CI, cron, a log file) it writes nothing: the command's own last line says
what was done."""

import sys
import time


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


class Progress:
    """with Progress(total, "Indexing posts") as progress: ... progress.advance(n)"""

    def __init__(self, total: int | None, label: str, stream=None, every: float = 0.5):
        self.total, self.label, self.every = total, label, every
        # A command's self.stderr (Django's OutputWrapper) ends every write with a newline:
        # the line is rewritten on the stream under it.
        self.stream = getattr(stream, "_out", stream) or sys.stderr
        self.shown = bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0
        self.started = self._last = time.monotonic()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.finish()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.shown and now - self._last >= self.every:
            self._last = now
            self._write(now)

    def finish(self) -> None:
        if self.shown:
            self._write(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False

    def line(self, now: float) -> str:
        elapsed = now - self.started
        if not self.total:
            return f"{self.label}: {self.done:,} · {_clock(elapsed)} elapsed"
        share = min(self.done / self.total, 1)
        left = elapsed / self.done * (self.total - self.done) if self.done else None
        eta = _clock(left) if left is not None else "?"
        return (
            f"{self.label}: {self.done:,}/{self.total:,} ({share:.0%})"
            f" · {_clock(elapsed)} elapsed · ETA {eta}"
        )

    def _write(self, now: float) -> None:
        self.stream.write("\r\x1b[2K" + self.line(now))
        self.stream.flush()
