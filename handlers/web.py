"""The HTTP routes every deployment has: GET /healthz (and, with operations work, GET /metrics)."""
from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy import text

from bot.config import Settings


def mount(app: web.Application, settings: Settings, core: Any, adapters: list[Any], scheduler: Any) -> None:
    async def healthz(request: web.Request) -> web.Response:
        checks: dict[str, bool] = {}
        try:
            import asyncio

            def ping() -> None:
                with core.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))

            await asyncio.to_thread(ping)
            checks["store"] = True
        except Exception:  # noqa: BLE001 - any failure is "not reachable"
            checks["store"] = False
        for a in adapters:
            checks[a.name] = bool(a.healthy())
        checks["scheduler"] = bool(scheduler.healthy())
        ok = all(checks.values())
        return web.json_response({"ok": ok, "checks": checks}, status=200 if ok else 503)

    async def metrics_view(request: web.Request) -> web.Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        from bot.metrics import REGISTRY

        return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_view)
