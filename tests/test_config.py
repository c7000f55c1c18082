from pathlib import Path

from docket.config import Settings


def test_defaults_put_the_store_in_the_data_folder(tmp_path: Path) -> None:
    s = Settings.from_env({"DOCKET_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'docket.sqlite'}"
    assert s.is_sqlite and s.describe_store() == str(tmp_path / "docket.sqlite")


def test_team_mode_reads_the_database_url_and_never_shows_the_password() -> None:
    s = Settings.from_env({"DOCKET_DATABASE_URL": "postgresql://monitor:s3cret@db.example/docket"})
    assert not s.is_sqlite
    assert s.describe_store() == "postgresql://db.example/docket"
    assert "s3cret" not in s.describe_store()


def test_db_path_option_overrides_the_environment(tmp_path: Path) -> None:
    s = Settings.from_env({"DOCKET_DATABASE_URL": "postgresql://x@y/z"})
    assert s.with_db_path(tmp_path / "a.sqlite").database_url == f"sqlite:///{tmp_path}/a.sqlite"


def test_importing_docket_creates_and_opens_nothing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("DOCKET_DATABASE_URL", None)
    code = "import docket, docket.cli.app, docket.services.stats, docket.storage.engine"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert list(home.iterdir()) == []  # no data folder, no database file
