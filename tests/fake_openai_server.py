"""A local OpenAI-compatible chat server for tests, scripted per test.

Each request to POST /v1/chat/completions takes the next step of the script:

- ``{"content": "text", "tool_calls": [("name", '{"json": "args"}'), ...]}``: a reply (streamed as
  server-sent events when the request asks for ``stream``, split into ``chunks`` pieces);
- ``{"status": 500}``: an HTTP error;
- ``{"sleep": 2.0, ...}``: wait first (to trigger client timeouts), then the rest of the step;
- ``{"raw": "body", "content_type": "..."}``: status 200 with exactly this body (an empty reply,
  a JSON object where a stream was asked for, garbage);
- ``{"empty_choices": True}``: a stream whose chunks all have ``choices: []``;
- ``{"trickle": 0.5, ...}``: a stream that sends one chunk every 0.5 s;
- a function of the request body returning one of the above (a reply built from tool results).

When the script runs out, the last step repeats. Requests (headers and JSON bodies) are kept in
``requests`` so tests can check what the client sent. Binds 127.0.0.1 on a free port only.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAIServer:
    def __init__(self, script: list[dict[str, Any]]):
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._i = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                step = server._record(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                try:
                    server._reply(self, step, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    # internals --------------------------------------------------------------------------------
    def _record(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.requests.append({"path": path, "headers": headers, "body": body})
            step = self.script[min(self._i, len(self.script) - 1)]
            self._i += 1
            return step

    def _reply(self, h: BaseHTTPRequestHandler, step: Any, body: dict[str, Any]) -> None:
        if callable(step):
            step = step(body)
        if step.get("sleep"):
            time.sleep(step["sleep"])
        if h.path.rstrip("/") != "/v1/chat/completions":
            return self._send(h, 404, {"error": {"message": "not found"}})
        if "raw" in step:
            data = str(step["raw"]).encode()
            h.send_response(200)
            h.send_header("Content-Type", step.get("content_type", "text/event-stream"))
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            return None
        if step.get("status"):
            return self._send(
                h,
                step["status"],
                {"error": {"message": "scripted failure", "type": "server_error"}},
            )
        content = step.get("content") or ""
        calls = [
            {
                "id": f"call_{self._i}_{k}",
                "type": "function",
                "function": {"name": n, "arguments": a},
            }
            for k, (n, a) in enumerate(step.get("tool_calls") or [])
        ]
        if not body.get("stream"):
            msg: dict[str, Any] = {"role": "assistant", "content": content or None}
            if calls:
                msg["tool_calls"] = calls
            return self._send(
                h,
                200,
                {
                    "id": "cmpl",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model"),
                    "choices": [
                        {
                            "index": 0,
                            "message": msg,
                            "finish_reason": "tool_calls" if calls else "stop",
                        }
                    ],
                },
            )
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-cache")
        h.end_headers()

        def event(delta: dict[str, Any], finish: str | None = None) -> None:
            choices = [{"index": 0, "delta": delta, "finish_reason": finish}]
            chunk = {
                "id": "cmpl",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": body.get("model"),
                "choices": [] if step.get("empty_choices") else choices,
            }
            if step.get("trickle"):
                time.sleep(step["trickle"])
            h.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            h.wfile.flush()

        event({"role": "assistant", "content": ""})
        n = max(1, int(step.get("chunks", 3)))
        if content:
            size = max(1, -(-len(content) // n))
            for i in range(0, len(content), size):
                event({"content": content[i : i + size]})
        for k, c in enumerate(calls):
            args = c["function"]["arguments"]
            half = len(args) // 2
            event(
                {
                    "tool_calls": [
                        {
                            "index": k,
                            "id": c["id"],
                            "type": "function",
                            "function": {"name": c["function"]["name"], "arguments": args[:half]},
                        }
                    ]
                }
            )
            event({"tool_calls": [{"index": k, "function": {"arguments": args[half:]}}]})
        event({}, "tool_calls" if calls else "stop")
        h.wfile.write(b"data: [DONE]\n\n")
        h.wfile.flush()

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, obj: dict[str, Any]) -> None:
        data = json.dumps(obj).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
