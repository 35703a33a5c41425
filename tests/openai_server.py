"""A scripted stand-in for an OpenAI-compatible chat-completions endpoint (127.0.0.1, free port).

Tests `enqueue()` replies and then read `requests` to see what the client sent, like the mock model of
simonw/llm. It stands in for OpenAI (or Ollama, vLLM), never for methodkg's code: the real openai and
instructor clients talk HTTP to it. A JSON reply is shaped like a real model's answer to the request it
gets: a forced tool call when the request offers tools, message content otherwise (in a ```json fence
when the request asks for a code block). Token usage is counted roughly (characters / 4).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    body: Any = None  # dict/list: a JSON answer shaped to the request; str: raw message text
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    refusal: str | None = None
    error: dict[str, Any] | None = None  # the error body for status >= 400


def _tokens(value: Any) -> int:
    text = value if isinstance(value, str) else json.dumps(value)
    return max(1, len(text) // 4)


class ScriptedOpenAI:
    """Start with `with ScriptedOpenAI() as server:`; `server.url` is the base URL (…/v1)."""

    def __init__(self, default: Reply | None = None) -> None:
        self.default = default
        self.requests: list[dict[str, Any]] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                request["_path"] = self.path
                request["_authorization"] = self.headers.get("Authorization")
                request["_received"] = time.monotonic()
                with outer._lock:
                    outer.requests.append(request)
                    reply = outer._replies.popleft() if outer._replies else outer.default
                if reply is None:
                    reply = Reply(status=500, error={"message": "no scripted reply left"})
                if reply.delay:
                    time.sleep(reply.delay)
                status, body = outer._respond(request, reply)
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def enqueue(self, *replies: Reply | dict | str) -> None:
        """Queue replies in order; a dict is a JSON answer, a str raw message text."""
        with self._lock:
            for reply in replies:
                self._replies.append(reply if isinstance(reply, Reply) else Reply(body=reply))

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._replies)

    def __enter__(self) -> ScriptedOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @staticmethod
    def _respond(request: dict[str, Any], reply: Reply) -> tuple[int, dict[str, Any]]:
        if reply.status >= 400:
            return reply.status, {"error": {"message": "scripted error", "type": "server_error", **(reply.error or {})}}
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if reply.refusal is not None:
            message["refusal"] = reply.refusal
        elif isinstance(reply.body, str):
            message["content"] = reply.body
        elif request.get("tools"):
            name = request["tools"][0]["function"]["name"]
            message["tool_calls"] = [{"id": "call_1", "type": "function",
                                      "function": {"name": name, "arguments": json.dumps(reply.body)}}]
        else:
            text = json.dumps(reply.body)
            wants_block = any("```json" in str(m.get("content")) for m in request.get("messages", []))
            message["content"] = f"```json\n{text}\n```" if wants_block else text
        prompt = _tokens(request.get("messages", [])) + (_tokens(request["tools"]) if request.get("tools") else 0) + \
            (_tokens(request["response_format"]) if request.get("response_format") else 0)
        completion = _tokens(message.get("content") or message.get("tool_calls") or message.get("refusal") or "")
        return 200, {
            "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
            "model": request.get("model", "scripted"),
            "choices": [{"index": 0, "message": message,
                         "finish_reason": "tool_calls" if message.get("tool_calls") else "stop"}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        }
