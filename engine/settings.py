"""The learner's settings: one table of keys, defaults, parsers and help; read through the store.

Layer 2.5: above the store (settings are rows in its `settings` table) and below the
modules that use them (session, stats, quiz.py). `Settings()` holds the defaults;
`load(store)` fills in what the learner changed with `quiz.py config`. Stored values are
validated again on load, so a value edited by hand is one clear `SettingError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import timedelta

from engine import scheduler
from engine.errors import SettingError
from engine.store import Store


@dataclass(frozen=True, slots=True)
class Settings:
    """Every learner setting, parsed and validated; the defaults are the fields' defaults."""

    desired_retention: float = 0.9
    new_per_day: int = 10
    reviews_per_day: int = 200
    day_start_hour: int = 4
    leech_threshold: int = 8
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500

    def scheduler_config(self, *, fuzz: bool = True) -> scheduler.SchedulerConfig:
        """Return the FSRS configuration these settings give."""
        return scheduler.SchedulerConfig(
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            fuzz=fuzz,
        )


# --- text ↔ values ----------------------------------------------------------------------


def _parse_duration(text: str) -> timedelta:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].replace(".", "", 1).isdigit():
        raise ValueError(f"{text!r} is not a duration like 30s, 10m, 1h or 1d")
    seconds = float(text[:-1]) * units[text[-1]]
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive duration")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """Return a step like `10m` in the form `config` accepts."""
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _parse_steps(text: str) -> tuple[timedelta, ...]:
    text = text.replace(",", " ").strip()
    if text.lower() in ("", "none"):
        return ()
    return tuple(_parse_duration(part) for part in text.split())


def _format(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(format_duration(s) for s in value) or "none"
    return str(value)


def _int_in(low: int, high: int | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ValueError(f"must be {bounds}, got {value}")
        return value

    return parse


def _retention(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a number like 0.9") from None
    if not 0.7 <= value <= 0.99:
        raise ValueError(f"must be between 0.70 and 0.99, got {value}")
    return value


@dataclass(frozen=True, slots=True)
class Setting:
    """One learner setting: how to read it from text, its default as text, what it means."""

    key: str
    default: str
    parse: Callable[[str], object]
    help: str


_PARSE_AND_HELP: dict[str, tuple[Callable[[str], object], str]] = {
    "desired_retention": (_retention, "target recall probability at due time"),
    "new_per_day": (_int_in(0, None), "new cards introduced per day"),
    "reviews_per_day": (_int_in(0, None), "reviews shown per day"),
    "day_start_hour": (_int_in(0, 23), "local hour at which a new day starts"),
    "leech_threshold": (_int_in(1, None), "lapses after which a card is suspended"),
    "learning_steps": (_parse_steps, "steps for new cards, e.g. 1m 10m"),
    "relearning_steps": (_parse_steps, "steps after a lapse, e.g. 10m"),
    "maximum_interval": (_int_in(1, 36500), "longest interval in days"),
}

# In the order of Settings' fields, which is the order `quiz.py config` lists them in.
SETTINGS: dict[str, Setting] = {
    f.name: Setting(f.name, _format(f.default), *_PARSE_AND_HELP[f.name]) for f in fields(Settings)
}


# --- reading and writing through the store ----------------------------------------------


def _parse(key: str, value: str) -> object:
    setting = SETTINGS.get(key)
    if setting is None:
        raise SettingError(f"Unknown setting {key!r}. Known settings: {', '.join(SETTINGS)}")
    try:
        return setting.parse(value)
    except ValueError as exc:
        raise SettingError(f"Setting {key}: {exc}") from None


def values(store: Store) -> dict[str, str]:
    """Return every setting's current value as text, defaults filled in."""
    out = {}
    for key, setting in SETTINGS.items():
        stored = store.get_setting(key)
        out[key] = setting.default if stored is None else str(stored)
    return out


def value(store: Store, key: str) -> str:
    """Return one setting's current value as text.

    Raises:
        SettingError: the key is unknown.
    """
    if key not in SETTINGS:
        _parse(key, "")
    return values(store)[key]


def save(store: Store, key: str, value: str) -> str:
    """Validate and save one setting; return its value as it will be shown.

    Raises:
        SettingError: the key is unknown or the value does not fit it.
    """
    parsed = _parse(key, value)
    if isinstance(parsed, tuple):
        parsed = _format(parsed)
    # Numbers are stored as JSON numbers, so other readers (the store's deck counts) agree.
    store.set_setting(key, parsed)
    return str(parsed)


def load(store: Store) -> Settings:
    """Read the learner's settings from the store, with defaults for unset keys.

    Raises:
        SettingError: a stored value no longer parses (edited by hand).
    """
    return Settings(**{key: _parse(key, text) for key, text in values(store).items()})  # type: ignore[arg-type]
