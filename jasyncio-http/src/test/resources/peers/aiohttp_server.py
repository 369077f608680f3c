"""The aiohttp server the jasyncio client tests talk to.

Usage: python3 aiohttp_server.py [KEEPALIVE_SECONDS]
Listens on 127.0.0.1, port chosen by the system, and prints "PORT <n>" once ready. Ends when stdin closes
(so it never outlives the test JVM).
"""
import asyncio
import gzip
import hashlib
import json
import sys
import zlib

from aiohttp import web


async def hello(request):
    return web.Response(text="hello")


async def echo(request):
    body = await request.read()
    return web.json_response({
        "method": request.method,
        "path": request.path,
        "query": [[k, v] for k, v in request.query.items()],
        "raw_query": request.query_string,
        "headers": [[k, v] for k, v in request.headers.items()],
        "body": body.decode("utf-8", "replace"),
        "body_len": len(body),
        "chunked": request.headers.get("Transfer-Encoding", "") == "chunked",
    })


async def status(request):
    return web.Response(status=int(request.match_info["n"]), text="status")


async def redirect(request):
    n = int(request.match_info["n"])
    code = int(request.query.get("code", "302"))
    if n <= 0:
        raise web.HTTPFound("/echo")
    return web.Response(status=code, headers={"Location": f"/redirect/{n - 1}?code={code}"})


async def redirect_loop(request):
    return web.Response(status=302, headers={"Location": "/redirect-loop"})


async def redirect_to(request):
    code = int(request.query.get("code", "302"))
    return web.Response(status=code, headers={"Location": request.query["to"]})


async def set_cookie(request):
    resp = web.Response(text="set")
    for k, v in request.query.items():
        resp.set_cookie(k, v)
    return resp


async def set_cookie_path(request):
    resp = web.Response(text="set")
    resp.set_cookie("scoped", "yes", path="/cookies/scoped")
    resp.set_cookie("gone", "x", max_age=0)
    return resp


async def cookies(request):
    return web.json_response(dict(request.cookies))


async def gzipped(request):
    data = ("gzip " * 2000).encode()
    return web.Response(body=gzip.compress(data), headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"})


async def deflated(request):
    data = ("deflate " * 2000).encode()
    return web.Response(body=zlib.compress(data), headers={"Content-Encoding": "deflate",
                                                            "Content-Type": "text/plain"})


async def stream(request):
    n = int(request.query.get("n", "10"))
    size = int(request.query.get("size", "1000"))
    resp = web.StreamResponse()
    resp.content_type = "text/plain"
    await resp.prepare(request)
    for i in range(n):
        await resp.write((f"line {i} " + "x" * size + "\n").encode())
    await resp.write_eof()
    return resp


async def multipart(request):
    reader = await request.multipart()
    out = []
    async for part in reader:
        h = hashlib.sha256()
        size = 0
        while True:
            chunk = await part.read_chunk(65536)
            if not chunk:
                break
            h.update(chunk)
            size += len(chunk)
        out.append({"name": part.name, "filename": part.filename, "size": size, "sha256": h.hexdigest()})
    return web.json_response(out)


async def slow(request):
    await asyncio.sleep(float(request.query.get("delay", "5")))
    return web.Response(text="slow")


async def drip(request):
    resp = web.StreamResponse()
    await resp.prepare(request)
    await resp.write(b"first")
    await asyncio.sleep(float(request.query.get("delay", "5")))
    await resp.write(b"second")
    await resp.write_eof()
    return resp


async def basic_auth(request):
    import base64
    want = "Basic " + base64.b64encode(
        f"{request.match_info['user']}:{request.match_info['pw']}".encode()).decode()
    if request.headers.get("Authorization") != want:
        return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="test"'})
    return web.Response(text="authorized")


async def json_handler(request):
    return web.json_response({"name": "sensor-1", "value": 21.5, "tags": ["a", "b"]})


async def charset(request):
    return web.Response(body="caf\u00e9".encode("latin-1"), headers={"Content-Type": "text/plain; charset=latin-1"})


async def main():
    keepalive = float(sys.argv[1]) if len(sys.argv) > 1 else 75.0
    app = web.Application(client_max_size=1024 ** 3)
    app.router.add_get("/hello", hello)
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/status/{n}", status)
    app.router.add_route("*", "/redirect/{n}", redirect)
    app.router.add_get("/redirect-loop", redirect_loop)
    app.router.add_route("*", "/redirect-to", redirect_to)
    app.router.add_get("/cookies/set", set_cookie)
    app.router.add_get("/cookies/set-path", set_cookie_path)
    app.router.add_get("/cookies", cookies)
    app.router.add_get("/cookies/scoped", cookies)
    app.router.add_get("/gzip", gzipped)
    app.router.add_get("/deflate", deflated)
    app.router.add_get("/stream", stream)
    app.router.add_post("/multipart", multipart)
    app.router.add_get("/slow", slow)
    app.router.add_get("/drip", drip)
    app.router.add_get("/basic-auth/{user}/{pw}", basic_auth)
    app.router.add_get("/json", json_handler)
    app.router.add_get("/charset", charset)
    runner = web.AppRunner(app, keepalive_timeout=keepalive, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


asyncio.run(main())
