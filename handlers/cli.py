"""The `sift` command line (SPEC.md). It translates arguments into core calls and prints their results.

Imports are lazy: `sift parse` must not pay for the store, and nothing pays for Slack or Discord.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

RESUME_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".text"}


def _settings() -> Any:
    from bot.config import Settings

    return Settings()


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _walk(paths: Sequence[str]) -> Iterator[Path]:
    """Files named on the command line always; inside folders, files that look like resumes (by suffix)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts) \
                        and f.suffix.lower() in RESUME_SUFFIXES:
                    yield f
        else:
            yield p


def cmd_parse(args: argparse.Namespace) -> int:
    from bot.resume import reader  # noqa: F401  (imported before forking so workers start warm)
    from bot.resume.errors import ResumeRejected
    from bot.resume.sandbox import ParserPool

    s = _settings()
    failed = 0
    # The command line runs no threads, so workers fork straight from it: no extra interpreter to start.
    with ParserPool(workers=max(1, min(len(args.files), s.parse_workers)), timeout=s.parse_timeout,
                    memory_mb=s.parse_memory_mb, start_method="fork") as pool:
        for name in args.files:
            path = Path(name)
            try:
                data = path.read_bytes()
                if len(data) > s.max_file_bytes:
                    from bot.resume import errors

                    raise errors.too_large(len(data), s.max_file_bytes)
                resume = pool.run(data, path.name, max_bytes=s.max_file_bytes, max_pages=s.max_pages)
                out = {"file": str(path), **resume.model_dump()}
            except ResumeRejected as r:
                failed += 1
                out = {"file": str(path), "error": r.message, "reason": r.reason}
            except OSError as e:
                failed += 1
                out = {"file": str(path), "error": f"cannot read this file: {e.strerror}", "reason": "unreadable"}
            if args.json:
                _print_json(out)
            else:
                _print_resume(out)
    return 1 if failed else 0


def _print_resume(r: dict[str, Any]) -> None:
    print(f"== {r['file']}")
    if r.get("error"):
        print(f"   rejected: {r['error']}")
        return
    print(f"   {r.get('name') or '(no name found)'}  {', '.join(r.get('emails') or [])}  {', '.join(r.get('phones') or [])}")
    for e in r.get("experience") or []:
        print(f"   work: {e.get('title') or '?'} — {e.get('company') or '?'} ({e.get('start') or '?'} – {e.get('end') or '?'})")
    for e in r.get("education") or []:
        print(f"   study: {e.get('degree') or '?'}, {e.get('field') or ''} — {e.get('institution') or '?'}")
    print(f"   skills: {', '.join(r.get('skills') or [])}")
    if r.get("warnings"):
        print(f"   warnings: {'; '.join(r['warnings'])}")


def cmd_ingest(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from bot.domain import Actor, IngestResult
    from handlers.main import build_core

    s = _settings()
    files = list(_walk(args.paths))
    missing = [f for f in files if not f.exists()]
    for f in missing:
        print(f"sift: {f}: no such file or folder", file=sys.stderr)
    files = [f for f in files if f.exists()]
    core = build_core(s)
    actor = Actor.local(s.workspace)

    def one(path: Path) -> IngestResult:
        try:
            data = path.read_bytes()
        except OSError as e:
            return IngestResult(str(path), "rejected", error=f"cannot read this file: {e.strerror}", reason="unreadable")
        result = core.ingest(data, path.name, actor=actor, source=str(path))
        result.file = str(path)
        return result

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    counts: dict[str, int] = {}
    try:
        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=not args.json) as bar, \
                ThreadPoolExecutor(max_workers=s.parse_workers) as ex:
            task = bar.add_task("ingest", total=len(files))
            # Results print in argument order while files parse in parallel, one worker process per core.
            for result in ex.map(one, files):
                counts[result.status] = counts.get(result.status, 0) + 1
                bar.advance(task)
                if args.json:
                    _print_json(result.as_json())
                elif result.status == "rejected":
                    bar.console.print(f"[yellow]rejected[/] {result.file}: {result.error}")
    finally:
        core.pool.close()
    if not args.json:
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing to ingest"
        print(f"{len(files)} files: {summary}")
    return 1 if missing else 0


def cmd_show(args: argparse.Namespace) -> int:
    from bot.domain import NotFound
    from handlers.main import build_core

    s = _settings()
    core = build_core(s, workers=1)
    try:
        data = core.show(s.workspace, args.id)
    except NotFound:
        print(f"sift: no candidate {args.id} in workspace {s.workspace}", file=sys.stderr)
        return 1
    finally:
        core.pool.close()
    if args.json:
        _print_json(data)
    else:
        _print_resume({"file": ", ".join(data["files"]), **data})
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from bot.domain import Actor, NotFound
    from handlers.main import build_core

    s = _settings()
    core = build_core(s, workers=1)
    try:
        result = core.forget(s.workspace, args.id, actor=Actor.local(s.workspace))
    except NotFound:
        print(f"sift: no candidate {args.id} in workspace {s.workspace}", file=sys.stderr)
        return 1
    finally:
        core.pool.close()
    print(f"Forgot {result.name or f'candidate {result.candidate_id}'}: their files and facts are deleted.")
    return 0


def cmd_reparse(args: argparse.Namespace) -> int:
    from handlers.main import build_core

    s = _settings()
    core = build_core(s)
    try:
        counts = core.reparse(None if args.all_workspaces else s.workspace)
    finally:
        core.pool.close()
    print(f"{counts['reparsed']} of {counts['files']} files re-read; {counts['failed']} could not be read again "
          "and keep their earlier reading.")
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from bot.search.engine import Searcher
    from storage.db import make_engine, migrate, session

    s = _settings()
    engine = make_engine(s.store_url)
    migrate(engine)
    with session(engine) as db:
        result = Searcher().find(session=db, workspace=s.workspace, text=args.query, limit=args.limit)
    if args.json:
        _print_json(result.as_json())
        return 0
    from handlers.console.render import print_find

    print_find(result)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from handlers.main import build_core

    s = _settings()
    core = build_core(s)
    try:
        from handlers.console import Console

        return Console(core, s).loop()
    finally:
        core.pool.close()


def cmd_run(args: argparse.Namespace) -> int:
    from handlers.main import run

    return run(_settings())


def cmd_doctor(args: argparse.Namespace) -> int:
    from handlers.doctor import run

    return run()


def cmd_filter(args: argparse.Namespace) -> int:
    from bot.domain import Actor
    from bot.filters import filter_command, listing
    from handlers.console.render import show
    from handlers.main import build_core

    s = _settings()
    core = build_core(s, workers=1)  # parser workers start on first use: none here
    actor = Actor(workspace=s.workspace, user=None, channel=args.channel, platform="local", is_admin=True)
    try:
        if args.action == "list" and args.json:
            for item in listing(core, s.workspace, None if args.all else args.channel):
                _print_json(item)
            return 0
        text = {"save": f"save {getattr(args, 'name', '')} {getattr(args, 'query', '')}", "list": "list",
                "delete": f"delete {getattr(args, 'name', '')}"}[args.action]
        reply = filter_command(core, text, actor)
    finally:
        core.pool.close()
    show(reply)
    return 1 if reply.error else 0


def cmd_digest(args: argparse.Namespace) -> int:
    import asyncio

    from bot.digest import Digests
    from handlers.main import build_core
    from handlers.scheduler import cli_notifiers

    s = _settings()
    core = build_core(s, workers=1)
    try:
        digests = Digests(core)
        # With --json, stdout carries only JSON lines: local digests are printed on stderr.
        notifiers = {} if args.dry_run else cli_notifiers(s, out=sys.stderr if args.json else None)
        async def go() -> list[Any]:
            try:
                if args.now:
                    return await digests.run_now(notifiers, dry_run=args.dry_run)
                return await digests.run_due(notifiers, dry_run=args.dry_run)
            finally:
                for n in notifiers.values():
                    if hasattr(n, "aclose"):
                        await n.aclose()

        outcomes = asyncio.run(go())
    finally:
        core.pool.close()
    for o in outcomes:
        if args.json:
            _print_json(o.as_json())
            continue
        n = o.digest.total if o.digest is not None else 0
        print(f"{o.workspace} {o.channel} {o.name}: {o.status}" + (f", {n} new" if o.digest is not None else "")
              + (f" ({o.error})" if o.error else ""))
        if args.dry_run and o.digest is not None:
            print("   " + o.digest.reply.text.replace("\n", "\n   "))
    if not outcomes and not args.json:
        print("No digest is due." if not args.now else "No saved filters.")
    return 1 if any(o.status in ("failed", "retry") for o in outcomes) else 0


def cmd_discord_sync(args: argparse.Namespace) -> int:
    import asyncio

    import discord

    from handlers.discord import sync

    s = _settings()
    if s.discord_token is None:
        print("sift: set DISCORD_TOKEN to the bot token from the Discord developer portal (Bot → Reset Token)",
              file=sys.stderr)
        return 2
    try:
        names = asyncio.run(sync(s, guild=args.guild))
    except discord.LoginFailure:
        print("sift: Discord refused DISCORD_TOKEN; copy the bot token again from the developer portal",
              file=sys.stderr)
        return 1
    except discord.HTTPException as e:
        print(f"sift: Discord refused the commands: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"sift: could not reach Discord ({e}); check the network and try again", file=sys.stderr)
        return 1
    where = f"server {args.guild}" if args.guild else "every server (Discord may take a while to show them)"
    print(f"Registered {len(names)} application commands for {where}: /" + ", /".join(names))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sift", description="Sift: resumes in, searchable candidates out.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    a = sub.add_parser("parse", help="parse resumes without storing them")
    a.add_argument("files", nargs="+", metavar="FILE")
    a.add_argument("--json", action="store_true", help="one JSON object per line, one per file")
    a.set_defaults(func=cmd_parse)

    a = sub.add_parser("ingest", help="store resumes from files and folders (recursively)")
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--json", action="store_true", help="one JSON line per file")
    a.set_defaults(func=cmd_ingest)

    a = sub.add_parser("show", help="show one candidate")
    a.add_argument("id", type=int)
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_show)

    a = sub.add_parser("forget", help="delete a candidate, their files and facts")
    a.add_argument("id", type=int)
    a.set_defaults(func=cmd_forget)

    a = sub.add_parser("reparse", help="re-read every stored original with the current parser")
    a.add_argument("--all-workspaces", action="store_true", help="not only SIFT_WORKSPACE")
    a.set_defaults(func=cmd_reparse)

    a = sub.add_parser("find", help="search candidates: words, \"phrases\", OR, -word, field:value")
    a.add_argument("query", nargs="+")
    a.add_argument("--json", action="store_true")
    a.add_argument("--limit", type=int, default=10)
    a.set_defaults(func=cmd_find)

    a = sub.add_parser("chat", help="the local console: type /upload, /find, /help")
    a.set_defaults(func=cmd_chat)

    a = sub.add_parser("run", help="start Slack, Discord and the digest scheduler (or the console)")
    a.set_defaults(func=cmd_run)

    a = sub.add_parser("doctor", help="check settings, tokens, database and migrations, and say what to fix")
    a.set_defaults(func=cmd_doctor)

    a = sub.add_parser("discord", help="Discord setup: sync registers the application commands")
    dsub = a.add_subparsers(dest="action", required=True, metavar="ACTION")
    d = dsub.add_parser("sync", help="register /find, /filter, /digest, /forget, /upload with Discord")
    d.add_argument("--guild", type=int, default=None, metavar="ID",
                   help="only this server, at once (without it: globally, which Discord spreads within an hour)")
    d.set_defaults(func=cmd_discord_sync)

    a = sub.add_parser("filter", help="saved searches per channel, sent as digests: save, list, delete")
    fsub = a.add_subparsers(dest="action", required=True, metavar="ACTION")
    f = fsub.add_parser("save", help="save NAME QUERY [every mon 9:00] [tz Europe/Berlin]")
    f.add_argument("name")
    f.add_argument("query", nargs="+")
    f.add_argument("--channel", default="console", help="channel id the digest goes to (default: console)")
    f = fsub.add_parser("list", help="the channel's filters, their schedules and next runs")
    f.add_argument("--channel", default="console")
    f.add_argument("--all", action="store_true", help="every channel of the workspace")
    f.add_argument("--json", action="store_true", help="one JSON line per filter")
    f = fsub.add_parser("delete", help="delete a filter")
    f.add_argument("name")
    f.add_argument("--channel", default="console")
    a.set_defaults(func=cmd_filter)

    a = sub.add_parser("digest", help="digests of saved filters, for deployments driven by cron")
    dsub = a.add_subparsers(dest="action", required=True, metavar="ACTION")
    d = dsub.add_parser("run", help="build, post and record the digests that are due")
    d.add_argument("--now", action="store_true", help="an extra digest of every filter, now")
    d.add_argument("--dry-run", action="store_true", help="build and print; post and record nothing")
    d.add_argument("--json", action="store_true", help="one JSON line per digest")
    a.set_defaults(func=cmd_digest)
    return p


def _find_argv(argv: list[str]) -> list[str]:
    """`sift find tensorflow -pytorch`: a query's "-word" is an exclusion, not an option."""
    if not argv or argv[0] != "find" or "--" in argv:
        return argv
    opts, words = [], []
    it = iter(argv[1:])
    for a in it:
        if a in ("--json", "-h", "--help"):
            opts.append(a)
        elif a == "--limit" or a.startswith("--limit="):
            opts.append(a)
            if a == "--limit":
                opts.append(next(it, "10"))
        else:
            words.append(a)
    return ["find", *opts, "--", *words]


def _filter_argv(argv: list[str]) -> list[str]:
    """`sift filter save NAME python -java`: the query's "-word" is an exclusion too, not an option."""
    if argv[:2] != ["filter", "save"] or "--" in argv:
        return argv
    opts, words = [], []
    it = iter(argv[2:])
    for a in it:
        if a in ("-h", "--help") or a.startswith("--channel="):
            opts.append(a)
        elif a == "--channel":
            opts += [a, next(it, "console")]
        else:
            words.append(a)
    return ["filter", "save", *opts, "--", *words]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_filter_argv(_find_argv(list(sys.argv[1:] if argv is None else argv))))
    if getattr(args, "query", None) is not None and isinstance(args.query, list):
        args.query = " ".join(args.query)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sift find ... | head`
        os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
