"""Settings: explicit arguments, then environment (COPILOT_*), then a config file, then defaults."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from copilot.errors import ConfigError

CONFIG_ENV = "COPILOT_CONFIG"
DEFAULT_CONFIG_PATHS = (Path("copilot.toml"), Path.home() / ".config" / "copilot" / "config.toml")


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the optional config file (TOML, flat keys or a [copilot] table)."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path | None):
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field, field_name):  # pragma: no cover - unused by pydantic here
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            data = tomllib.loads(self.path.read_text())
        except FileNotFoundError:
            raise ConfigError(
                f"Config file {self.path} does not exist.", f"create it or unset {CONFIG_ENV}"
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"Config file {self.path} is not valid TOML: {exc}.", "fix the line it names"
            ) from None
        return dict(data.get("copilot", data))


def find_config_file() -> Path | None:
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    for p in DEFAULT_CONFIG_PATHS:
        if p.is_file():
            return p
    return None


class Settings(BaseSettings):
    """Runtime settings for the library, the CLI and the TUI."""

    model_config = SettingsConfigDict(env_prefix="COPILOT_", extra="ignore", validate_default=True)

    workspace: Path = Field(
        Path(".copilot"), description="Folder for datasets, artifacts and sessions."
    )
    seed: int = Field(0, description="Seed for every random step (bootstrap, training, planners).")
    device: str = Field("auto", description="Torch device: auto, cpu, cuda, cuda:N or mps.")

    llm_backend: Literal["offline", "openai"] = Field(
        "offline",
        description="offline: the built-in planner; openai: any OpenAI-compatible endpoint.",
    )
    llm_base_url: str | None = Field(
        None, description="Base URL of the OpenAI-compatible endpoint."
    )
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the endpoint.")
    llm_api_key: SecretStr | None = Field(None, description="API key; OPENAI_API_KEY is also read.")
    llm_timeout_s: float = Field(60.0, gt=0)
    llm_retries: int = Field(2, ge=0)
    llm_fallback_offline: bool = Field(
        True, description="Continue with the offline planner when the endpoint keeps failing."
    )
    max_steps: int = Field(12, ge=1, description="Tool-call budget of one question.")
    session_wait_s: float = Field(
        10.0,
        ge=0,
        description="How long a question waits for its session while another run uses it.",
    )

    time_budget_s: float = Field(
        600.0, gt=0, description="Default time budget of one discovery run."
    )
    kci_max_n: int = Field(1000, ge=10, description="Largest n for KCI without --force.")

    @field_validator("llm_api_key", mode="before")
    @classmethod
    def _key_from_openai_env(cls, v):
        if v in (None, ""):
            return os.environ.get("OPENAI_API_KEY") or None
        return v

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (init_settings, env_settings, _TomlSource(settings_cls, find_config_file()))

    @property
    def artifacts_dir(self) -> Path:
        return self.workspace / "artifacts"

    def public_dict(self) -> dict[str, Any]:
        """Settings as JSON-able values, with the key masked."""
        d = self.model_dump(mode="json")
        d["llm_api_key"] = "***" if self.llm_api_key else None
        return d


def load_settings(**overrides: Any) -> Settings:
    """Settings with explicit overrides; invalid values raise ConfigError with the field named."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ())) or "settings"
        raise ConfigError(
            f"Invalid setting {field}: {err.get('msg')}.",
            f"fix COPILOT_{field.upper()} or the config file",
        ) from None
