"""portal/progress.py: one line of done/total, elapsed and ETA on a terminal, and nothing
when the output is not one."""

import io

from portal.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_it_shows_done_total_elapsed_and_eta(monkeypatch):
    clock = iter([100.0, 101.0, 102.0, 102.0])
    monkeypatch.setattr("portal.progress.time.monotonic", lambda: next(clock))
    terminal = Terminal()

    with Progress(400, "Indexing posts", stream=terminal) as progress:
        progress.advance(100)

    last = terminal.getvalue().split("\r\x1b[2K")[-1]
    assert last == "Indexing posts: 100/400 (25%) · 0:00:02 elapsed · ETA 0:00:06\n"


def test_without_a_total_it_counts_and_times():
    assert (
        Progress(None, "Rows").line(Progress(None, "Rows").started).startswith("Rows: 0 · 0:00:0")
    )


def test_when_the_output_is_not_a_terminal_it_writes_nothing():
    output = io.StringIO()

    with Progress(10, "Fuzzing", stream=output, every=0) as progress:
        for _ in range(10):
            progress.advance()

    assert output.getvalue() == ""


def test_it_rewrites_the_line_at_most_every_half_second(monkeypatch):
    times = iter([0.0, 0.1, 0.2, 0.7, 0.8, 0.9])
    monkeypatch.setattr("portal.progress.time.monotonic", lambda: next(times))
    terminal = Terminal()

    progress = Progress(5, "Rows", stream=terminal)
    for _ in range(4):
        progress.advance()

    assert terminal.getvalue().count("\r") == 1  # at 0.7 s only
