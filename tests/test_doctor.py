"""`copilot doctor`: real checks against this installation and a local HTTP endpoint."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.cli.doctor import check_torch, check_workspace

SECRET = "sk-test-SECRET-zqxjkv"  # no digits: a random port in the output cannot match


@pytest.fixture
def endpoint():
    """An OpenAI-compatible `GET /v1/models` on 127.0.0.1 that checks the bearer key."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            seen.append(self.headers.get("Authorization", ""))
            if self.path != "/v1/models":
                self.send_response(404)
                self.end_headers()
                return
            ok = self.headers.get("Authorization") == f"Bearer {SECRET}"
            body = json.dumps(
                {"data": [{"id": "local-model"}]} if ok else {"error": "bad key"}
            ).encode()
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _doctor(env: dict[str, str], *args: str):
    res = CliRunner().invoke(app, ["doctor", "--no-torch", *args], env=env)
    return res


def _checks(res) -> dict[str, dict]:
    return {f"{c['group']}.{c['name']}": c for c in json.loads(res.stdout)["checks"]}


def test_offline_installation_has_no_problems():
    res = _doctor({}, "--json")
    assert res.exit_code == 0, res.output
    checks = _checks(res)
    assert checks["packages.pydantic"]["status"] == "ok"
    assert checks["packages.torch"]["status"] == "ok"
    assert checks["workspace.folder"]["status"] == "ok"
    assert checks["llm.planner"]["detail"].startswith("offline planner")
    assert "llm.endpoint" not in checks  # nothing to reach


def test_endpoint_reachable_and_key_never_printed(endpoint):
    url, seen = endpoint
    env = {
        "COPILOT_LLM_BACKEND": "openai",
        "COPILOT_LLM_BASE_URL": url,
        "COPILOT_LLM_MODEL": "local-model",
        "OPENAI_API_KEY": SECRET,
    }
    res = _doctor(env, "--json")
    assert res.exit_code == 0, res.output
    checks = _checks(res)
    assert checks["llm.endpoint"]["status"] == "ok"
    assert "key set" in checks["llm.planner"]["detail"]
    assert seen == [f"Bearer {SECRET}"]  # the key went to the configured endpoint only
    human = _doctor(env)
    for out in (res.output, human.output):
        assert SECRET not in out and "zqxjkv" not in out
    assert "No problems found." in human.output


def test_rejected_key_and_unknown_model_are_reported(endpoint):
    url, _ = endpoint
    env = {
        "COPILOT_LLM_BACKEND": "openai",
        "COPILOT_LLM_BASE_URL": url,
        "COPILOT_LLM_API_KEY": "sk-wrong-777",
    }
    res = _doctor(env)
    assert res.exit_code == 1
    assert "rejected the key (HTTP 401)" in res.output and "COPILOT_LLM_API_KEY" in res.output
    assert "sk-wrong-777" not in res.output
    env.update(COPILOT_LLM_API_KEY=SECRET, COPILOT_LLM_MODEL="other-model")
    res = _doctor(env, "--json")
    assert res.exit_code == 0  # a warning, not a failure
    endpoint_check = _checks(res)["llm.endpoint"]
    assert endpoint_check["status"] == "warn" and "local-model" in endpoint_check["fix"]


def test_unreachable_endpoint_fails_with_a_fix():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"COPILOT_LLM_BACKEND": "openai", "COPILOT_LLM_BASE_URL": f"http://127.0.0.1:{port}/v1"}
    res = _doctor(env, "--json", "--timeout", "2")
    assert res.exit_code == 1
    check = _checks(res)["llm.endpoint"]
    assert check["status"] == "fail" and "unreachable" in check["detail"] and check["fix"]


def test_workspace_checks(tmp_path):
    assert check_workspace(tmp_path)[0].status == "ok"
    assert "will be created" in check_workspace(tmp_path / "new" / "ws")[0].detail
    afile = tmp_path / "a_file"
    afile.write_text("x")
    bad = check_workspace(afile)[0]
    assert bad.status == "fail" and "COPILOT_WORKSPACE" in bad.fix
    res = _doctor({"COPILOT_WORKSPACE": str(afile)}, "--json")
    assert res.exit_code == 1


def test_torch_device_checks():
    checks = {c.name: c for c in check_torch("auto")}
    assert checks["torch"].status == "ok" and checks["device"].status == "ok"
    import torch

    assert (checks["cuda"].status == "ok") == torch.cuda.is_available()
    missing = {c.name: c for c in check_torch(f"cuda:{torch.cuda.device_count() + 3}")}
    assert missing["device"].status == "fail" and "COPILOT_DEVICE" in missing["device"].fix
