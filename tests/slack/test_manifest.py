"""deploy/slack-manifest.yml asks for exactly what Sift uses, and points every request at /slack/events."""
from __future__ import annotations

from pathlib import Path

import yaml

from handlers.slack import install
from handlers.slack.listeners import COMMANDS

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-manifest.yml"


def _manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def test_manifest_asks_for_the_scopes_sift_requests_at_install_and_no_more():
    assert _manifest()["oauth_config"]["scopes"]["bot"] == list(install.SCOPES)
    assert "user" not in _manifest()["oauth_config"]["scopes"]


def test_manifest_subscribes_to_the_events_and_commands_sift_handles():
    m = _manifest()
    events = m["settings"]["event_subscriptions"]["bot_events"]
    assert {"message.channels", "message.groups", "message.im", "file_shared", "app_home_opened"} <= set(events)
    assert [c["command"] for c in m["features"]["slash_commands"]] == list(COMMANDS)
    assert m["settings"]["socket_mode_enabled"] is False and m["settings"]["interactivity"]["is_enabled"] is True


def test_every_request_url_is_the_one_events_endpoint():
    m = _manifest()
    urls = [c["url"] for c in m["features"]["slash_commands"]]
    urls += [m["settings"]["event_subscriptions"]["request_url"], m["settings"]["interactivity"]["request_url"]]
    assert {u.split("example.com")[1] for u in urls} == {"/slack/events"}
    assert m["oauth_config"]["redirect_urls"][0].endswith(install.REDIRECT_PATH)


def test_manifest_texts_fit_slacks_limits():
    m = _manifest()
    assert len(m["display_information"]["name"]) <= 35 and len(m["display_information"]["description"]) <= 140
    assert len(m["features"]["bot_user"]["display_name"]) <= 80
    for c in m["features"]["slash_commands"]:
        assert len(c["description"]) <= 100 and len(c.get("usage_hint", "")) <= 100
