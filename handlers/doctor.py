"""`sift doctor`: check settings, tokens, the store and its migrations, and say in plain words what to fix."""
from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _settings() -> tuple[Any, Check]:
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        s = Settings()
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}" for err in e.errors())
        return None, Check("settings", False, problems, "Fix the variables named above (environment or .env).")
    return s, Check("settings", True, "read from the environment" + (" and .env" if Path(".env").exists() else ""))


def _store(s: Any) -> list[Check]:
    from sqlalchemy import text

    from storage.db import current_revision, head_revision, make_engine

    url = s.store_url
    shown = url.split("@")[-1] if "@" in url else url
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as e:  # noqa: BLE001 - any failure is reported in words
        return [Check("store", False, f"cannot connect to {shown}: {type(e).__name__}",
                      "Check SIFT_DATABASE_URL, that the server is running and the user may log in.")]
    out = [Check("store", True, f"{engine.dialect.name} at {shown}")]
    cur, head = current_revision(engine), head_revision(engine)
    if cur == head:
        out.append(Check("migrations", True, f"schema at {head}"))
    else:
        out.append(Check("migrations", False, f"schema at {cur or 'nothing'}, code expects {head}",
                         "Start Sift once (`sift run`): migrations apply at start. Back up the store first."))
    if url.startswith("sqlite:///"):
        folder = Path(url[len("sqlite:///"):]).parent
        free = shutil.disk_usage(folder).free / 1e9
        out.append(Check("disk", free > 1, f"{free:.1f} GB free beside the SQLite file",
                         "" if free > 1 else "Free some disk space: resumes are stored with their originals."))
    engine.dispose()
    return out


def _slack(s: Any) -> list[Check]:
    if not (s.slack_bot_token or s.slack_app_token or s.slack_client_id):
        return [Check("slack", True, "not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to use it)")]
    out = []
    if s.slack_bot_token and not (s.slack_signing_secret or s.slack_app_token):
        out.append(Check("slack", False, "a bot token without a signing secret or an app token",
                         "Set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)."))
    if s.slack_bot_token:
        from slack_sdk import WebClient
        from slack_sdk.errors import SlackApiError

        try:
            info = WebClient(token=s.slack_bot_token.get_secret_value(), base_url=s.slack_api_url, timeout=10).auth_test()
            out.append(Check("slack token", True, f"bot of workspace {info.get('team')} ({info.get('team_id')})"))
        except SlackApiError as e:
            out.append(Check("slack token", False, f"Slack refused the bot token: {e.response.get('error')}",
                             "Reinstall the app to the workspace and copy the new xoxb- token."))
        except Exception as e:  # noqa: BLE001
            out.append(Check("slack token", False, f"Slack could not be reached: {type(e).__name__}",
                             f"Check the network and SIFT_SLACK_API_URL ({s.slack_api_url})."))
    if s.slack_app_token and not s.slack_app_token.get_secret_value().startswith("xapp-"):
        out.append(Check("slack app token", False, "SLACK_APP_TOKEN does not start with xapp-",
                         "Create an app-level token with connections:write and use it."))
    return out


def _discord(s: Any) -> list[Check]:
    if not s.discord_token:
        return [Check("discord", True, "not configured (set DISCORD_TOKEN to use it)")]
    import discord

    async def login() -> str:
        client = discord.Client(intents=discord.Intents.none())
        try:
            await client.login(s.discord_token.get_secret_value())
            return str(client.user)
        finally:
            await client.close()

    try:
        who = asyncio.run(login())
    except discord.LoginFailure:
        return [Check("discord token", False, "Discord refused the token",
                      "Reset the bot token in the Developer Portal (Bot tab) and set DISCORD_TOKEN again.")]
    except Exception as e:  # noqa: BLE001
        return [Check("discord token", False, f"Discord could not be reached: {type(e).__name__}",
                      "Check the network; Discord's API must be reachable from this host.")]
    return [Check("discord token", True, f"logged in as {who}")]


def _schedule(s: Any) -> Check:
    return Check("digest schedule", True, f"{s.digest_cron} in {s.timezone}")


def run() -> int:
    s, first = _settings()
    checks = [first]
    if s is not None:
        checks += _store(s) + _slack(s) + _discord(s) + [_schedule(s)]
        workers = s.parse_workers
        checks.append(Check("parser", workers >= 1, f"{workers} worker process(es), {s.parse_timeout:g} s and "
                            f"{s.parse_memory_mb} MB per file"))
    width = max(len(c.name) for c in checks)
    for c in checks:
        mark = "ok " if c.ok else "FIX"
        print(f"[{mark}] {c.name:<{width}}  {c.detail}")
        if not c.ok and c.fix:
            print(f"      {' ' * width}  → {c.fix}")
    bad = [c for c in checks if not c.ok]
    print("\nAll good." if not bad else f"\n{len(bad)} thing(s) to fix.")
    return 1 if bad else 0
