"""The Ray engine: the analysis in Ray actors, one per worker, each loading the model once.

    claimgraph ingest articles/ --engine ray --ray-address auto --db postgresql://...

Without `--ray-address` (and without RAY_ADDRESS) a local Ray cluster with `--workers` CPUs starts
for the ingest and stops after it. A lost actor (its process killed, its node gone) is restarted by
Ray and its batch run again; when Ray gives up, the ingest stops with one line and keeps what it stored.
Ray is optional: `pip install 'claimgraph[ray]'`.
"""
from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from claimgraph.engines.analysis import Result, analyse_batch, load_model
from claimgraph.engines.local import batches
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.records import Document

RESTARTS = 3
"""Times Ray restarts a lost actor, and runs its batch again, before the ingest stops."""

IN_FLIGHT = 2
"""Batches queued on each actor: one running, one waiting, so no actor idles between batches."""

AUTH_REFUSALS = ("InvalidAuthToken", "Unauthenticated", "AuthenticationError")
"""Words of Ray's errors when a cluster refuses the token of the process joining it (Ray's token authentication,
on by default for `ray start --head` since Ray 2.59)."""

REACH_SECONDS = 5.0
"""How long the cluster's address may take to accept a connection: Ray itself retries an address where nothing
listens for some ten minutes before it gives up, which reads as a hang."""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise InputError("--engine ray needs Ray, which is not installed: pip install 'claimgraph[ray]'") from None
    return ray


def _check_reachable(address: str) -> None:
    """An InputError at once where a HOST:PORT (or ray://HOST:PORT) address accepts no connection."""
    if address in ("auto", "local"):
        return
    try:
        parts = urlsplit("//" + address.split("://", 1)[-1])
        host, port = parts.hostname, parts.port
    except ValueError as e:
        raise InputError(f"--engine ray: {address!r} is not a Ray address ({e}); give HOST:PORT or auto") from None
    if not host or port is None:
        return  # a form Ray reads itself (a bare host, say): Ray's own error stands
    try:
        socket.create_connection((host, port), timeout=REACH_SECONDS).close()
    except OSError as e:
        raise InputError(f"--engine ray: cannot reach a Ray cluster at {address}: {e.strerror or e} (is `ray start "
                         "--head` running there?)") from None


def _refused_token(error: BaseException) -> bool:
    """Whether joining a cluster failed on Ray's token authentication (its reason is in the error's cause)."""
    seen: BaseException | None = error
    while seen is not None:
        if any(word in str(seen) or word == type(seen).__name__ for word in AUTH_REFUSALS):
            return True  # refused, or none to offer: "Token authentication is enabled but no ... token was found"
        seen = seen.__cause__ or seen.__context__
    return False


@contextlib.contextmanager
def _native_stderr_kept_out() -> Iterator[None]:
    """File descriptor 2 pointed elsewhere meanwhile: Ray's C++ client logs each failed try to join a cluster there
    (twenty lines a refused token), beneath Python's logging; the error Ray raises after says the same in one."""
    sys.stderr.flush()
    kept = os.dup(2)
    try:
        with tempfile.TemporaryFile() as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(kept, 2)
    finally:
        os.close(kept)


def _driver_prints_no_worker_logs() -> None:
    """Keep Ray's reports of its workers ("(raylet) Task Analyst.run failed...", in colour) off this process's
    standard output, which is the ingest's summary: `log_to_driver=False` stops the workers' own output but not
    these, which Ray's debugger silences through the same switch. A lost worker that Ray cannot restart ends the
    ingest with one line of ours; Ray's logs keep the rest. A caller that starts Ray itself keeps its settings."""
    try:
        from ray._private import worker
    except ImportError:  # pragma: no cover - a Ray without the switch prints them, harmless
        return
    if hasattr(worker, "_worker_logs_enabled"):
        worker._worker_logs_enabled = False


class Analyst:
    """One Ray actor: the model, loaded once when the actor starts."""

    def __init__(self) -> None:
        load_model()

    def run(self, documents: list[Document], beside: Any) -> list[Result]:
        return analyse_batch(documents, beside)

    def pid(self) -> int:
        return os.getpid()


class RayEngine:
    """`workers` actors (where None, or more than the cluster has CPUs: one per CPU) on the cluster at `address`
    (where None: a local cluster, or the one RAY_ADDRESS names)."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        self.ray = _ray()
        self.address = address
        self.workers = workers or 0
        self.actors: list[Any] = []
        self.started = False
        """Whether this engine started Ray (joined a cluster, or started a local one), and so stops it."""

    def connect(self) -> None:
        """Join the cluster, or start a local one, unless Ray runs in this process already: an InputError where
        the cluster cannot be reached (called before the store opens, so a failure leaves no new store)."""
        if self._connect():
            self.started = True

    def _connect(self) -> bool:
        """Join the cluster (or start a local one); True where this engine started Ray and so stops it."""
        ray = self.ray
        if ray.is_initialized():
            return False
        address = self.address or os.environ.get("RAY_ADDRESS")
        local = not address
        if address:
            _check_reachable(address)
        try:
            # "local": a cluster of our own, even where one runs on this machine (Ray would join that one)
            with contextlib.nullcontext() if local else _native_stderr_kept_out():
                ray.init(address="local" if local else self.address, num_cpus=(self.workers or None) if local else None,
                         include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR,
                         configure_logging=True)
        except (ConnectionError, ValueError, RuntimeError, ray.exceptions.RayError) as e:
            if _refused_token(e):
                raise InputError(f"--engine ray: the Ray cluster at {address} refused this machine's authentication "
                                 f"token, or it has none (RAY_AUTH_MODE={os.environ.get('RAY_AUTH_MODE', 'unset')}): "
                                 "copy the head "
                                 "node's ~/.ray/auth_token here (or set RAY_AUTH_TOKEN to it) and set "
                                 "RAY_AUTH_MODE=token (README: a Ray cluster)") from None
            raise InputError(f"--engine ray: cannot reach a Ray cluster at {address or 'a local cluster'}: "
                             f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        _driver_prints_no_worker_logs()
        return True

    def analysed(self, documents: Iterable[tuple[Any, Document]], beside: Any) -> Iterator[tuple[Any, Result]]:
        """(key, result) for each (key, document), in order, from the actors, batches sent round the actors."""
        ray = self.ray
        self.connect()
        try:
            self.workers = self._schedulable(int(ray.cluster_resources().get("CPU", 0)))
            actor = ray.remote(num_cpus=1, max_restarts=RESTARTS, max_task_retries=RESTARTS)(Analyst)
            self.actors = [actor.remote() for _ in range(self.workers)]
            yield from self._run(batches(documents), beside)
        finally:
            for a in self.actors:
                ray.kill(a)
            self.actors = []
            if self.started:
                self.started = False
                ray.shutdown()

    def _schedulable(self, cpus: int) -> int:
        """The actors to start: as many as asked (where None: one per CPU), never more than the cluster's CPUs,
        since each needs one and batches dealt to an actor that cannot be placed would be waited on for ever."""
        if cpus < 1:
            raise ClaimgraphError(f"the Ray cluster at {self.address or os.environ.get('RAY_ADDRESS') or 'local'} has "
                                  "no CPU for a worker: join a node with CPUs (`ray start --address HEAD:6379`) and "
                                  "run the same ingest again")
        if not self.workers:
            return cpus
        if self.workers > cpus:
            plural = "s" if cpus > 1 else ""
            self.note(f"the cluster has {cpus} CPU{plural}: {cpus} Ray worker{plural}, not {self.workers}")
            return cpus
        return self.workers

    @staticmethod
    def note(line: str) -> None:
        """One line on stderr about how the engine runs."""
        print(f"claimgraph: {line}", file=sys.stderr, flush=True)

    def _run(self, source: Iterator[tuple[list[Any], list[Document]]], beside: Any) -> Iterator[tuple[Any, Result]]:
        ray = self.ray
        pending: deque[tuple[list[Any], Any]] = deque()
        turn = 0

        def submit() -> bool:
            nonlocal turn
            batch = next(source, None)
            if batch is None:
                return False
            pending.append((batch[0], self.actors[turn % len(self.actors)].run.remote(batch[1], beside)))
            turn += 1
            return True

        while len(pending) < IN_FLIGHT * len(self.actors) and submit():
            pass
        while pending:
            keys, ref = pending.popleft()
            try:
                results = ray.get(ref)
            except ray.exceptions.RayError as e:
                first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                raise ClaimgraphError(f"a Ray worker was lost and could not be restarted ({type(e).__name__}: "
                                      f"{first[:200]}); the articles stored so far are kept: run the same ingest "
                                      "again to finish") from None
            submit()
            yield from zip(keys, results, strict=True)
