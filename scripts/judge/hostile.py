"""Hostile callers against a running kopdes server: see hostile.sh."""

import concurrent.futures
import json
import random
import socket
import statistics
import sys
import time
import urllib.error
import urllib.request

base, pid, cookie = sys.argv[1], int(sys.argv[2]), sys.argv[3]
host, port = base.removeprefix("http://").split(":")


def memory_kib():
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def sign_in(_):
    phone = "0812" + "".join(random.choice("0123456789") for _ in range(8))
    body = json.dumps({"phone": phone, "password": "tebakan-" + str(random.random())}).encode()
    request = urllib.request.Request(
        base + "/api/session", data=body, headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("retry-after")


def timed(path, headers=None):
    start = time.monotonic()
    request = urllib.request.Request(base + path, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
        return answer.status, (time.monotonic() - start) * 1000


failed = False
rss_before, _ = memory_kib()
statuses = {}
with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
    for _ in range(5):
        for status, retry_after in pool.map(sign_in, range(64)):
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 500 or (status == 429 and not retry_after):
                failed = True
rss_after, rss_peak = memory_kib()
print("| sign-in burst (5 x 64 at once, unknown phones) | value |")
print("|---|---:|")
print(f"| resident memory before | {rss_before / 1024:.0f} MiB |")
print(f"| peak resident memory | {rss_peak / 1024:.0f} MiB |")
print(f"| resident memory after | {rss_after / 1024:.0f} MiB |")
print(f"| answers | {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))} |")

slow = []
for _ in range(70):
    connection = socket.create_connection((host, int(port)))
    connection.sendall(
        (
            f"POST /api/activation HTTP/1.1\r\nhost: {host}\r\n"
            "content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"
        ).encode()
    )
    slow.append(connection)
time.sleep(0.5)
health, reads = [], []
for _ in range(20):
    status, ms = timed("/api/health")
    failed |= status != 200
    health.append(ms)
    status, ms = timed("/api/me", {"cookie": cookie})
    failed |= status != 200
    reads.append(ms)
    for connection in slow:
        connection.sendall(b" ")
    time.sleep(0.05)
for connection in slow:
    connection.close()
print()
print("| while 70 connections trickle bodies | median | max |")
print("|---|---:|---:|")
print(f"| GET /api/health | {statistics.median(health):.1f} ms | {max(health):.1f} ms |")
print(f"| GET /api/me (signed in) | {statistics.median(reads):.1f} ms | {max(reads):.1f} ms |")
sys.exit(1 if failed else 0)
