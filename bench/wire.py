"""A lean Socket.IO v4 client over one WebSocket: just what an official does on /play.

The python-socketio client costs the load generator about as much CPU per frame as
the server spends sending it; on a 2-core machine that shares its cores with the
server under test, the measured latencies then say more about the load generator
than about the server. This client speaks the same wire protocol (Engine.IO v4
packets over WebSocket, Socket.IO v4 packets inside: `40/play,{auth}` to connect,
`42/play,[event, data]` for events, `42/play,ID[...]` / `43/play,ID[...]` for acks,
`2`/`3` for the server's pings) with aiohttp's C frame parser and nothing else.
No long-polling, no binary attachments, no reconnection.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp


class WireClient:
    def __init__(self, http: aiohttp.ClientSession, deflate: bool = False):
        self.http, self.deflate = http, deflate
        self.handlers: dict[str, Callable[..., Awaitable[Any]]] = {}
        self.acks: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.connected = False
        self.closing = False
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.ns = "/play"

    def on(self, event: str, handler: Callable[..., Awaitable[Any]], namespace: str = "/play") -> None:
        self.handlers[event] = handler

    async def connect(self, url: str, namespaces: list[str], auth: dict, wait_timeout: float = 60,
                      **_: Any) -> None:
        self.ns = namespaces[0]
        ws_url = "ws" + url[4:] + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await self.http.ws_connect(ws_url, autoping=False, compress=15 if self.deflate else 0,
                                             timeout=aiohttp.ClientWSTimeout(ws_close=5))
        opened = await self.ws.receive(wait_timeout)
        if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith("0"):
            raise ConnectionError(f"no Engine.IO open packet: {opened.data!r}")
        await self.ws.send_str(f"40{self.ns}," + json.dumps(auth))
        early = []  # events the server sent from its connect handler, before the CONNECT packet
        while True:
            reply = await self.ws.receive(wait_timeout)
            text = reply.data if reply.type == aiohttp.WSMsgType.TEXT else ""
            if text.startswith(f"42{self.ns},"):
                early.append(text)
                continue
            if not text.startswith(f"40{self.ns},"):
                await self.ws.close()
                raise ConnectionError(f"refused: {text[:200]!r}")
            break
        self.connected = True
        for text in early:  # as socket.io-client does: buffered until connected
            await self._event(text)
        asyncio.ensure_future(self._read())

    async def _event(self, data: str) -> None:
        body = data[len(self.ns) + 3:]
        if body[2:body.index('"', 2)] not in self.handlers:  # `state`: not decoded, never used
            return
        event, *args = json.loads(body)
        await self.handlers[event](*args)

    async def _read(self) -> None:
        event_prefix, ack_prefix = f"42{self.ns},", f"43{self.ns},"
        try:
            async for msg in self.ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data = msg.data
                if data == "2":
                    await self.ws.send_str("3")
                elif data.startswith(event_prefix):
                    await self._event(data)
                elif data.startswith(ack_prefix):
                    body = data[len(ack_prefix):]
                    at = body.index("[")
                    future = self.acks.pop(int(body[:at]), None)
                    if future and not future.done():
                        future.set_result(json.loads(body[at:])[0])
                elif data.startswith(("41", "1")):  # the server closed the namespace or the socket
                    break
        finally:
            self.connected = False
            for future in self.acks.values():
                if not future.done():
                    future.set_exception(ConnectionError("disconnected"))
            self.acks.clear()
            if not self.closing and "disconnect" in self.handlers:
                await self.handlers["disconnect"]()

    async def call(self, event: str, data: Any, namespace: str = "/play", timeout: float = 60) -> Any:
        if not self.connected:
            raise ConnectionError("not connected")
        ack_id = self.next_id = self.next_id + 1
        future = asyncio.get_running_loop().create_future()
        self.acks[ack_id] = future
        await self.ws.send_str(f"42{self.ns},{ack_id}" + json.dumps([event, data], ensure_ascii=False))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self.acks.pop(ack_id, None)

    async def disconnect(self) -> None:
        self.closing = True
        if self.ws is not None and not self.ws.closed:
            try:
                await self.ws.send_str(f"41{self.ns},")
            finally:
                await self.ws.close()
        self.connected = False
