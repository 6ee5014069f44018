"""The evaluation sandbox with real child processes: limits, crashes, output, network guard."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from modelreg.evaluation.harness import EndpointInput, HarnessRequest, MetricRequest
from modelreg.evaluation.sandbox import SandboxOutcome, run_sandboxed

H = "support.sandbox_harnesses"


@pytest.fixture(autouse=True)
def _test_harnesses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELREG_EVAL_TEST_HARNESSES", "1")


def _request(harness: str, *, endpoint: str | None = None, **config: object) -> HarnessRequest:
    return HarnessRequest(
        harness=harness,
        config=dict(config),
        model_dir="",
        model_files=[],
        datasets=[],
        metrics=[],
        endpoint=EndpointInput(url=endpoint, secret="s3cret") if endpoint else None,
    )


def _run(name: str, timeout_s: float = 20, memory_mb: int = 512, **kw: object) -> SandboxOutcome:
    return run_sandboxed(_request(f"{H}:{name}", **kw), timeout_s=timeout_s, memory_mb=memory_mb)  # type: ignore[arg-type]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_good_harness_returns_its_output_and_peak_memory() -> None:
    outcome = _run("Good", value=0.7)
    assert outcome.error is None and outcome.ok
    assert outcome.output is not None
    assert [(m.name, m.value, m.lower, m.upper) for m in outcome.output.metrics] == [
        ("accuracy", 0.7, 0.8, 0.95)
    ]
    assert outcome.peak_rss_mb is not None and 5 < outcome.peak_rss_mb < 200
    assert 0 < outcome.duration_s < 20


@pytest.mark.parametrize("name", ["Hang", "BusyHang"])
def test_hanging_harness_times_out(name: str) -> None:
    started = time.monotonic()
    outcome = _run(name, timeout_s=1.5)
    assert outcome.output is None
    assert outcome.error == "timed out after 1.5 s"
    assert time.monotonic() - started < 5


def test_greedy_harness_exceeds_memory_limit() -> None:
    outcome = _run("Greedy", memory_mb=300)
    assert outcome.error == "exceeded its memory limit of 300 MiB"
    assert outcome.peak_rss_mb is not None and outcome.peak_rss_mb >= 250


def test_raising_harness_is_a_crash_with_type_and_message() -> None:
    outcome = _run("Raises")
    assert outcome.error == (
        "harness crashed: ValueError: the model wants 12 features, the dataset has 11"
    )


def test_harness_error_message_is_kept_verbatim() -> None:
    outcome = _run("Refuses")
    assert outcome.error == "label column 'y' is not in the file (columns: a, b)"


def test_process_exit_without_result() -> None:
    outcome = _run("Exits")
    assert outcome.error == "harness process exited with status 3 before writing a result"


def test_native_crash_names_the_signal() -> None:
    outcome = _run("Segfaults")
    assert outcome.error is not None
    assert outcome.error.startswith("harness process was killed by signal SIGSEGV")
    assert "Fatal Python error: Segmentation fault" in outcome.error


def test_garbage_on_stdout_does_not_corrupt_the_result() -> None:
    outcome = _run("Chatty")
    assert outcome.error is None and outcome.output is not None
    assert outcome.output.metrics[0].value == 0.75
    assert "{not json at all" in outcome.stderr_tail
    assert "garbage from native code" in outcome.stderr_tail


def test_non_finite_metric_is_refused() -> None:
    outcome = _run("NotFinite")
    assert outcome.error == (
        "harness returned a value for metric 'accuracy' that is not a finite number: nan"
    )


def test_unknown_harness_names_the_installed_ones() -> None:
    outcome = run_sandboxed(_request("no-such-harness"), timeout_s=20, memory_mb=512)
    assert outcome.error is not None
    assert outcome.error.startswith("no harness named 'no-such-harness' is installed")
    assert "import:lm-eval" in outcome.error


def test_module_paths_load_only_when_tests_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELREG_EVAL_TEST_HARNESSES")
    outcome = _run("Good")
    assert outcome.error is not None
    assert outcome.error.startswith(f"no harness named '{H}:Good' is installed")


def test_real_scikit_learn_runs_single_threaded_under_the_limits() -> None:
    outcome = _run("Sklearn", memory_mb=512, timeout_s=60)
    assert outcome.error is None, outcome.stderr_tail
    assert outcome.output is not None
    assert outcome.output.metrics[0].value > 0.9
    assert outcome.output.details == {"openblas_threads": "1"}


def test_child_does_not_inherit_the_workers_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELREG_DATABASE_URL", "postgresql://secret@db/prod")
    outcome = _run("Env")
    assert outcome.output is not None
    env = outcome.output.details["env"]
    assert "MODELREG_DATABASE_URL" not in env
    assert env["OMP_NUM_THREADS"] == "1"


@pytest.mark.parametrize("hang", [False, True])
def test_nothing_the_harness_started_outlives_the_run(tmp_path: Path, hang: bool) -> None:
    pid_file = tmp_path / "grandchild.pid"
    outcome = _run("ForksThenReturns", timeout_s=3, pid_file=str(pid_file), hang=hang)
    assert outcome.error == ("timed out after 3 s" if hang else None)
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


class _Ping(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"pong")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ping)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_network_is_refused_except_the_endpoint(local_server: str) -> None:
    outcome = _run("Network", endpoint=local_server)
    assert outcome.error is None and outcome.output is not None
    attempts = outcome.output.details["attempts"]
    port = int(local_server.rsplit(":", 1)[1].split("/")[0])
    allowed = f"(allowed endpoints: 127.0.0.1:{port})"
    assert attempts["allowed"] == "ok: HTTP/1.0 200 OK"
    assert attempts["outside"] == (
        f"refused: connecting to 1.1.1.1:443 is not allowed in the evaluation sandbox {allowed}"
    )
    assert attempts["lookup"].startswith("refused: looking up the name 'example.com'")
    assert attempts["program"].startswith("refused: starting another program (os.system)")
    assert attempts["other_local_port"].startswith(f"refused: connecting to 127.0.0.1:{port + 1}")
    assert outcome.network_refused == [
        "connecting to 1.1.1.1:443",
        "looking up the name 'example.com'",
        "starting another program (os.system)",
        f"connecting to 127.0.0.1:{port + 1}",
    ]


def test_without_endpoint_even_loopback_is_refused(local_server: str) -> None:
    request = _request(f"{H}:Network")
    outcome = run_sandboxed(request, timeout_s=20, memory_mb=512)
    assert outcome.output is not None
    assert "allowed" not in outcome.output.details["attempts"]
    assert "(allowed endpoints: none)" in outcome.output.details["attempts"]["outside"]


def test_request_too_large_is_refused_before_starting() -> None:
    outcome = run_sandboxed(
        _request(f"{H}:Good", blob="x" * (5 * 1024 * 1024)), timeout_s=20, memory_mb=512
    )
    assert outcome.error is not None
    assert re.fullmatch(
        r"the harness request is 52\d{5} bytes, above the limit of 4 MiB", outcome.error
    )
    assert outcome.duration_s == 0.0


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        run_sandboxed(_request(f"{H}:Good"), timeout_s=0, memory_mb=512)


def test_an_importer_runs_through_the_sandbox_like_any_harness(tmp_path: Path) -> None:
    fixture = Path(__file__).parents[2] / "fixtures/evaluations/inspect_log.json"
    path = tmp_path / "log.json"
    path.write_bytes(fixture.read_bytes())
    request = HarnessRequest(
        harness="import:inspect",
        config={},
        model_dir="",
        model_files=[],
        datasets=[],
        metrics=[MetricRequest("model_graded_fact/accuracy"), MetricRequest("match/accuracy")],
        imported_file=str(path),
    )
    outcome = run_sandboxed(request, timeout_s=20, memory_mb=512)
    assert outcome.error is not None
    assert outcome.error.startswith("the Inspect AI log file has no metric 'match/accuracy'")
    request = HarnessRequest(**{**request.__dict__, "metrics": request.metrics[:1]})
    outcome = run_sandboxed(request, timeout_s=20, memory_mb=512)
    assert outcome.output is not None, outcome.error
    assert outcome.output.metrics[0].value == 0.8125


def test_result_larger_than_the_limit_is_refused_by_the_child() -> None:
    outcome = _run("HugeDetails")
    assert outcome.error is not None
    assert re.fullmatch(
        r"harness output is \d+ bytes, above the limit of 8 MiB; keep details smaller",
        outcome.error,
    )


def test_flooding_the_result_pipe_stops_at_the_limit() -> None:
    outcome = _run("FloodsResultPipe")
    assert outcome.error == "harness output exceeds the limit of 8 MiB"


def test_stderr_is_read_but_only_its_end_kept() -> None:
    outcome = _run("FloodsStderr")
    assert outcome.output is not None and outcome.output.metrics[0].value == 0.5
    assert outcome.stderr_tail.endswith("the last line\n")
    assert len(outcome.stderr_tail) == 4000


def test_parent_checks_a_result_the_model_could_have_forged() -> None:
    outcome = _run("ForgesResult")
    assert outcome.error == (
        "harness process wrote an unreadable result: harness returned a value for metric "
        "'accuracy' that is not a finite number: nan"
    )


def test_concurrent_runs_keep_their_own_outcomes() -> None:
    requests = [("Good", None), ("Hang", "timed out after 2 s"), ("Raises", "harness crashed")]
    with ThreadPoolExecutor(len(requests)) as pool:
        outcomes = list(pool.map(lambda r: _run(r[0], timeout_s=2), requests))
    for (_, expected), outcome in zip(requests, outcomes, strict=True):
        if expected is None:
            assert outcome.error is None
        else:
            assert outcome.error is not None and outcome.error.startswith(expected)
