"""One typed Settings, read once from the environment (and `.env`) in the composition root."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(None, validation_alias=_env("SIFT_DATABASE_URL"))
    workspace: str = Field("local", validation_alias=_env("SIFT_WORKSPACE"))

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_client_id: str | None = Field(None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_CLIENT_SECRET"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SIFT_SLACK_API_URL"))
    http_port: int = Field(3000, validation_alias=_env("SIFT_HTTP_PORT"))
    discord_token: SecretStr | None = Field(None, validation_alias=_env("DISCORD_TOKEN"))
    # Guild members with one of these roles may use Sift; members with Manage Server always may.
    discord_roles: Annotated[list[str], NoDecode] = Field(default_factory=list,
                                                          validation_alias=_env("SIFT_DISCORD_ROLES"))
    # Reading drops in guild channels needs the privileged message-content intent; off leaves /upload and DMs.
    discord_message_content: bool = Field(True, validation_alias=_env("SIFT_DISCORD_MESSAGE_CONTENT"))

    digest_cron: str = Field("0 9 * * MON", validation_alias=_env("SIFT_DIGEST_CRON"))
    timezone: str = Field("UTC", validation_alias=_env("SIFT_TIMEZONE"))
    digest_post_empty: bool = Field(False, validation_alias=_env("SIFT_DIGEST_POST_EMPTY"))  # post "none new" weeks
    max_filters_per_channel: int = Field(25, validation_alias=_env("SIFT_MAX_FILTERS_PER_CHANNEL"), ge=1)

    @field_validator("digest_cron")
    @classmethod
    def _digest_cron(cls, v: str) -> str:
        from bot.schedule import check_cron  # numeric weekdays are refused: APScheduler 3 counts Monday as 0

        return check_cron(v)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        from bot.schedule import check_zone

        return check_zone(v)

    # Forget candidates whose newest resume or edit is older than this many days (same path as /forget).
    retention_days: int | None = Field(None, validation_alias=_env("SIFT_RETENTION_DAYS"), ge=1)
    log_level: str = Field("INFO", validation_alias=_env("SIFT_LOG_LEVEL"))

    # Untrusted input: refuse before parsing, parse in a killable worker.
    max_file_mb: float = Field(10.0, validation_alias=_env("SIFT_MAX_FILE_MB"), gt=0)
    max_pages: int = Field(30, validation_alias=_env("SIFT_MAX_PAGES"), gt=0)
    parse_timeout: float = Field(20.0, validation_alias=_env("SIFT_PARSE_TIMEOUT"), gt=0)
    parse_memory_mb: int = Field(1024, validation_alias=_env("SIFT_PARSE_MEMORY_MB"), ge=128)
    parse_workers: int = Field(default_factory=lambda: os.cpu_count() or 2,
                               validation_alias=_env("SIFT_PARSE_WORKERS"), ge=1)

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, v: str) -> str:
        return v if v.endswith("/") else v + "/"

    @field_validator("discord_roles", mode="before")
    @classmethod
    def _comma_list(cls, v: object) -> object:
        return [x.strip() for x in v.split(",") if x.strip()] if isinstance(v, str) else v

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def store_url(self) -> str:
        """The SQLAlchemy URL in use: SIFT_DATABASE_URL, else `sift.db` in the working directory."""
        if self.database_url:
            url = self.database_url
            # Accept the URLs people copy from hosting panels; we ship the psycopg 3 driver.
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix):]
            return url
        return f"sqlite:///{Path.cwd() / 'sift.db'}"
