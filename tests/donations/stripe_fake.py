"""A fake Stripe API on 127.0.0.1, started by the tests that need one.

It speaks just enough of Stripe's wire protocol for the official library: form-encoded requests
under /v1/, JSON objects shaped like Stripe's (id, object, url, ...), errors in Stripe's
envelope, and idempotency keys (a repeated key gets the stored response; a key still in flight
gets 409, as Stripe answers). It also serves a stand-in Checkout page, so a browser sent to a
session's `url` lands somewhere and can "pay" by following the success URL.
"""

import html
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict
    form: dict


@dataclass
class Failure:
    status: int
    message: str
    error_type: str = "api_error"


@dataclass
class FakeStripe:
    requests: list[RecordedRequest] = field(default_factory=list)
    sessions: dict[str, dict] = field(default_factory=dict)
    canceled_subscriptions: list[str] = field(default_factory=list)
    # Knobs a test turns: seconds to sit on each session creation, errors to answer next, a
    # response to lose after doing the work (as when a timeout cuts the connection), a URL to
    # put in sessions instead of the stand-in Checkout page.
    delay: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    lose_next_response: bool = False
    session_url: str | None = None

    def __post_init__(self):
        self._lock = threading.Lock()
        self._replies: dict[str, tuple[int, dict]] = {}
        self._in_flight: set[str] = set()
        self._numbers = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeStripe":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, status: int = 500, message: str = "Something went wrong on Stripe's end."):
        self.failures.append(Failure(status=status, message=message))

    def session_requests(self) -> list[RecordedRequest]:
        return [
            r for r in self.requests if r.method == "POST" and r.path == "/v1/checkout/sessions"
        ]

    # The API

    def handle(self, method: str, path: str, headers: dict, form: dict) -> tuple[int, dict, dict]:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, headers, form))
        if not headers.get("Authorization", "").startswith("Bearer sk_test_"):
            return 401, _error("invalid_request_error", "Invalid API Key provided."), {}
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._idempotent(
                headers.get("Idempotency-Key", ""), lambda: self._create_session(form)
            )
        if method == "DELETE" and path.startswith("/v1/subscriptions/"):
            return self._cancel_subscription(path.rsplit("/", 1)[1])
        return (
            404,
            _error("invalid_request_error", f"Unrecognized request URL ({method}: {path})."),
            {},
        )

    def _idempotent(self, key: str, work) -> tuple[int, dict, dict]:
        with self._lock:
            if key in self._replies:
                status, body = self._replies[key]
                return status, body, {"Idempotent-Replayed": "true"}
            if key in self._in_flight:
                return (
                    409,
                    _error(
                        "idempotency_error",
                        "There is currently another in-progress request using this Idempotent Key.",
                        code="idempotency_key_in_use",
                    ),
                    {"Stripe-Should-Retry": "true"},
                )
            if self.failures:
                failure = self.failures.pop(0)
                return (
                    failure.status,
                    _error(failure.error_type, failure.message),
                    {"Stripe-Should-Retry": "false"},
                )
            self._in_flight.add(key)
        try:
            if self.delay:
                time.sleep(self.delay)
            status, body = work()
            with self._lock:
                if key:
                    self._replies[key] = (status, body)
            return status, body, {}
        finally:
            with self._lock:
                self._in_flight.discard(key)

    def _create_session(self, form: dict) -> tuple[int, dict]:
        number = next(self._numbers)
        session_id = f"cs_test_a1{number:06d}Gazette"
        metadata = _prefixed(form, "metadata")
        amount = int(form["line_items[0][price_data][unit_amount]"])
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": self.session_url or f"{self.url}/c/pay/{session_id}",
            "mode": form["mode"],
            "status": "open",
            "payment_status": "unpaid",
            "amount_subtotal": amount,
            "amount_total": amount,
            "currency": form["line_items[0][price_data][currency]"],
            "client_reference_id": form.get("client_reference_id"),
            "customer": None,
            "customer_email": form.get("customer_email"),
            "metadata": metadata,
            "payment_intent": None,
            "subscription": None,
            "invoice": None,
            "submit_type": form.get("submit_type"),
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "livemode": False,
            "created": int(time.time()),
            "expires_at": int(time.time()) + 86400,
        }
        with self._lock:
            self.sessions[session_id] = session
        return 200, session

    def _cancel_subscription(self, subscription_id: str) -> tuple[int, dict, dict]:
        with self._lock:
            if self.failures:
                failure = self.failures.pop(0)
                return (
                    failure.status,
                    _error(failure.error_type, failure.message),
                    {"Stripe-Should-Retry": "false"},
                )
            self.canceled_subscriptions.append(subscription_id)
        return (
            200,
            {
                "id": subscription_id,
                "object": "subscription",
                "status": "canceled",
                "canceled_at": int(time.time()),
                "ended_at": int(time.time()),
                "livemode": False,
            },
            {},
        )

    def checkout_page(self, session_id: str) -> tuple[int, str]:
        session = self.sessions.get(session_id)
        if session is None:
            return 404, "<h1>No such Checkout Session</h1>"
        success = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
        amount = session["amount_total"]
        return 200, (
            "<!doctype html><html lang='en'><title>Fake Stripe Checkout</title>"
            "<h1>Fake Stripe Checkout</h1>"
            f"<p>Pay {amount // 100}.{amount % 100:02d} {session['currency'].upper()}"
            f"{' every month' if session['mode'] == 'subscription' else ''}</p>"
            f"<p><a id='pay' href='{html.escape(success)}'>Pay</a> "
            f"<a href='{html.escape(session['cancel_url'])}'>Back</a></p></html>"
        )


def _error(error_type: str, message: str, code: str | None = None) -> dict:
    error = {"type": error_type, "message": message}
    if code:
        error["code"] = code
    return {"error": error}


def _prefixed(form: dict, name: str) -> dict:
    start = f"{name}["
    return {
        key[len(start) : -1]: value
        for key, value in form.items()
        if key.startswith(start) and key.count("[") == 1
    }


def _handler_for(fake: FakeStripe):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _answer(self, method: str):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = dict(parse_qsl(body, keep_blank_values=True))
            if method == "GET" and self.path.startswith("/c/pay/"):
                status, page = fake.checkout_page(self.path.rsplit("/", 1)[1])
                self._send(status, page.encode(), "text/html; charset=utf-8", {})
                return
            status, payload, extra = fake.handle(
                method, self.path.split("?")[0], dict(self.headers), form
            )
            if fake.lose_next_response and method == "POST":
                fake.lose_next_response = False
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._send(status, json.dumps(payload).encode(), "application/json", extra)

        def _send(self, status: int, body: bytes, content_type: str, extra: dict):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Request-Id", f"req_fake{len(fake.requests)}")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

        def do_DELETE(self):
            self._answer("DELETE")

    return Handler
