"""What the Dockerfile runs, run here: Docker is not available on these machines, the install script is."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_install_script_builds_a_working_sift_in_a_clean_venv(tmp_path: Path, seeds: Path):
    prefix = tmp_path / "sift"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    p = subprocess.run([str(ROOT / "deploy" / "install.sh"), str(prefix), str(ROOT)], capture_output=True,
                       text=True, env=env, cwd=tmp_path, timeout=900)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    out = subprocess.run([str(prefix / "bin" / "sift"), "parse", str(seeds / "004_3a7af2b79af595e1.pdf"), "--json"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert '"Anshul Nasery"' in out.stdout
    # The installed package carries its data and migrations, not just code.
    assert list(prefix.glob("lib/python*/site-packages/bot/resume/data/skills.yml"))
    assert list(prefix.glob("lib/python*/site-packages/storage/migrations/versions/0001_*.py"))


def test_the_image_installs_with_the_same_script_runs_as_a_user_and_checks_its_health():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "deploy/install.sh /opt/sift" in dockerfile
    runtime = dockerfile.split("FROM python:3.11-slim\n", 1)[1]  # the final stage
    assert "USER sift" in runtime and "HEALTHCHECK" in runtime and "/healthz" in runtime
    assert "apt-get" not in runtime and "build-essential" not in dockerfile  # no build tools in the image
    assert 'CMD ["sift", "run"]' in runtime


def test_compose_runs_sift_with_postgres_on_a_named_volume():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    sift, db = compose["services"]["sift"], compose["services"]["db"]
    assert sift["restart"] == db["restart"] == "unless-stopped"
    assert sift["env_file"] and "postgresql" in sift["environment"]["SIFT_DATABASE_URL"]
    assert sift["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pgdata" in compose["volumes"] and db["volumes"][0].startswith("pgdata:")
