"""aiohttp's client for scripts/http-client-cpu.sh: CONC concurrent keep-alive GETs; prints process CPU per request.

usage: python3 http_client_aiohttp.py URL SECONDS CONC
"""
import asyncio
import sys
import time

import aiohttp


async def main(url, seconds, conc):
    state = {"measuring": False, "stop": False, "n": 0}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as session:
        async def worker():
            while not state["stop"]:
                async with session.get(url) as r:
                    await r.read()
                if state["measuring"]:
                    state["n"] += 1

        tasks = [asyncio.create_task(worker()) for _ in range(conc)]
        await asyncio.sleep(min(3.0, seconds))
        state["measuring"] = True
        c0, t0 = time.process_time(), time.monotonic()
        await asyncio.sleep(seconds)
        c1, t1 = time.process_time(), time.monotonic()
        n = state["n"]
        state["stop"] = True
        await asyncio.gather(*tasks)
    print(f"client=aiohttp requests={n} rps={n / (t1 - t0):.0f} cpu_us_per_request={(c1 - c0) * 1e6 / n:.2f}")


asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
