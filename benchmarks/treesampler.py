"""Peak memory of a process and all its descendants, sampled from /proc (Linux only).

Shared by the benchmarks. Summed RSS is an upper bound (forked workers share pages with their
parent and RSS counts them once per process); summed PSS splits shared pages between the
processes that share them, so it is the tree's real footprint.
"""

from __future__ import annotations

import os
import threading
from typing import Self

PAGE = os.sysconf("SC_PAGE_SIZE")


class TreeSampler:
    def __init__(self, root: int, interval: float = 0.05):
        self.root, self.interval = root, interval
        self.parent_peak = self.rss = self.pss = self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    @staticmethod
    def memory(pid: int) -> tuple[int, int]:
        """(RSS, PSS) in bytes; (0, 0) once the process is gone."""
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as f:
                rss = int(f.read().split()[1]) * PAGE
            pss = 0
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) * 1024
                        break
            return rss, pss
        except (OSError, ValueError, IndexError):
            return 0, 0

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = self._tree()
            sizes = {pid: self.memory(pid) for pid in tree}
            self.parent_peak = max(self.parent_peak, sizes.get(self.root, (0, 0))[0])
            self.rss = max(self.rss, sum(r for r, _ in sizes.values()))
            self.pss = max(self.pss, sum(p for _, p in sizes.values()))
            self.processes = max(self.processes, len(tree))
            self._stop.wait(self.interval)

    def peaks(self) -> dict:
        return {"parent": self.parent_peak, "rss": self.rss, "pss": self.pss,
                "processes": self.processes}
