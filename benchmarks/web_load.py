"""A load test of the HTTP API for the benchmark: many clients posting reports at once.

    from benchmarks.web_load import run_load
    run_load(n_clients=50, n_requests=200)   # -> {"req_per_s": ..., "p99_ms": ..., "errors": 0, ...}

or ``python benchmarks/web_load.py --clients 50 --requests 200`` from the repository root. Without
``base_url`` it starts its own uvicorn server on a free 127.0.0.1 port in a thread
(``newsclaims.web.server.serve_in_thread``) and stops it afterwards. Every
response is checked: status 200 and the Report of the text that was sent (its document id and
text); a wrong answer counts as an error.
"""

from __future__ import annotations

import hashlib
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from newsclaims.web.server import serve_in_thread

# Invented report sentences (not third-party text) from which the load texts are built.
LOAD_SENTENCES = [
    "Rund {n}.000 Soldaten sollen in den vergangenen Wochen an die Grenze verlegt worden sein.",
    "Nach Angaben des Grenzschutzes wurden seit Anfang Oktober mehr als {n}00 Fahrzeuge gezählt.",
    "Das Verteidigungsministerium teilte am Donnerstag mit, dass mindestens {n}0 Hubschrauber bereitstehen.",
    "Schätzungen zufolge leben derzeit knapp {n}0.000 Menschen in unmittelbarer Nähe der Grenze.",
    "Doch das ist erst der Anfang einer gefährlichen Entwicklung!",
]


def load_text(i: int) -> str:
    """The i-th load text: a short headline and one paragraph with distinct figures."""
    n = i % 9 + 1
    body = " ".join(s.format(n=n + k) for k, s in enumerate(LOAD_SENTENCES))
    return f"Lagebericht Nummer {i}: Spannung an der Grenze\n\n{body}\n"


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def run_load(n_clients: int = 50, n_requests: int = 200, *, base_url: str | None = None,
             distinct_texts: int = 10, timeout_s: float = 120.0) -> dict:
    """Post ``n_requests`` reports from ``n_clients`` concurrent clients; returns the numbers.

    Result keys: clients, requests, ok, errors, seconds, req_per_s, p50_ms, p99_ms, max_ms,
    first_error (None or a short description).
    """
    import httpx

    if base_url is None:
        from newsclaims.web.app import create_app

        with serve_in_thread(create_app()) as url:
            return run_load(n_clients, n_requests, base_url=url, distinct_texts=distinct_texts, timeout_s=timeout_s)

    texts = [load_text(i) for i in range(distinct_texts)]
    clients = [httpx.Client(base_url=base_url, timeout=timeout_s, trust_env=False) for _ in range(n_clients)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        text = texts[i % len(texts)]
        client = clients[i % n_clients]
        t0 = time.perf_counter()
        try:
            resp = client.post("/api/analyze", json={"text": text, "lang": "de"})
            elapsed = time.perf_counter() - t0
            problem = None
            if resp.status_code != 200:
                problem = f"HTTP {resp.status_code}: {resp.text[:200]}"
            else:
                doc = resp.json()["document"]
                # The text the server analysed is the normalised form of what was sent.
                if doc["lang"] != "de" or f"Lagebericht Nummer {i % len(texts)}:" not in doc["text"]:
                    problem = "response is not the report of the text sent"
                elif doc["id"] != hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()[:16]:
                    problem = "document id does not match its text"
        except Exception as exc:  # noqa: BLE001 - a load test counts every failure
            elapsed = time.perf_counter() - t0
            problem = f"{type(exc).__name__}: {exc}"
        with lock:
            latencies.append(elapsed)
            if problem:
                errors.append(problem)

    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=n_clients) as pool:
            list(pool.map(one, range(n_requests)))
    finally:
        for c in clients:
            c.close()
    seconds = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {
        "clients": n_clients, "requests": n_requests, "ok": n_requests - len(errors), "errors": len(errors),
        "seconds": round(seconds, 3), "req_per_s": round(n_requests / seconds, 1) if seconds else float("nan"),
        "p50_ms": round(statistics.median(ms), 1) if ms else float("nan"),
        "p99_ms": round(_percentile(ms, 99), 1), "max_ms": round(max(ms), 1) if ms else float("nan"),
        "first_error": errors[0] if errors else None,
    }


def main(argv=None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Load test of POST /api/analyze")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--url", default=None, help="base URL of a running server (default: start one)")
    args = parser.parse_args(argv)
    print(json.dumps(run_load(args.clients, args.requests, base_url=args.url)))


if __name__ == "__main__":
    main()
