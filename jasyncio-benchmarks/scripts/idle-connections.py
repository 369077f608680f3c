#!/usr/bin/env python3
"""Memory of idle keep-alive HTTP connections on a running server.

usage: idle-connections.py PORT COUNT PID [--jvm]

Opens COUNT connections to 127.0.0.1:PORT one after another, sends one `GET /` on each and reads
its response (the server's "Hello, World!"), then keeps them all open and idle. Prints the
server's resident memory (VmRSS of PID) before and after, per connection, and with --jvm also the
heap in use after a full GC (`jcmd PID GC.run` and `GC.heap_info`; jcmd from JAVA_HOME or PATH).
Finally checks that the first connection is still served. Needs a file-descriptor limit above
COUNT (the script raises its soft limit to the hard one).
"""
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


def heap_kib(pid, jcmd):
    subprocess.run([jcmd, pid, "GC.run"], capture_output=True, check=True)
    info = subprocess.run([jcmd, pid, "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"used (\d+)K", info).group(1))


def get(sock):
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while not data.endswith(b"Hello, World!"):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return data


def main():
    port, count, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    jvm = "--jvm" in sys.argv
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    java_home = os.environ.get("JAVA_HOME")
    jcmd = os.path.join(java_home, "bin", "jcmd") if java_home else shutil.which("jcmd")
    heap0 = heap_kib(pid, jcmd) if jvm else 0
    rss0 = rss_kib(pid)
    socks = []
    start = time.monotonic()
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        get(sock)
        socks.append(sock)
    took = time.monotonic() - start
    time.sleep(1)
    heap1 = heap_kib(pid, jcmd) if jvm else 0
    rss1 = rss_kib(pid)
    print(f"{count} connections, one request each, in {took:.2f} s")
    print(f"RSS {rss0 / 1024:.1f} -> {rss1 / 1024:.1f} MiB: {(rss1 - rss0) / count:.2f} KiB per connection")
    if jvm:
        print(f"heap after GC {heap0 / 1024:.1f} -> {heap1 / 1024:.1f} MiB: {(heap1 - heap0) / count:.2f} KiB per connection")
    print("first connection still served:", get(socks[0]).split(b"\r\n")[0].decode())


if __name__ == "__main__":
    main()
