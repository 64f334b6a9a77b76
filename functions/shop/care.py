"""Care guides as data: each guide's care card, checked when the site is built and published
as care/index.json, so care reminders and warnings read the same facts as the pages."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1, max_length=400)]
Season = Literal["spring", "summer", "autumn", "winter"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    zh: Text
    en: Text


class Watering(Strict):
    """Days between waterings (for cut flowers: between changes of vase water), per season."""

    every_days: dict[Season, int] = Field(min_length=4, max_length=4)
    how: Bilingual


class Feeding(Strict):
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(max_length=12)  # empty: never fed
    every_days: int = Field(ge=0, le=365)
    how: Bilingual


class Temperature(Strict):
    min_c: int = Field(ge=-30, le=40)
    max_c: int = Field(ge=0, le=50)


class Toxicity(Strict):
    cats: Literal["safe", "mild", "toxic"]
    dogs: Literal["safe", "mild", "toxic"]
    note: Bilingual


class CareGuide(Strict):
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{2,40}$")]
    kind: Literal["plant", "cut-flower"]
    species: Text  # botanical name
    name: Bilingual
    light: Literal["low", "medium", "bright-indirect", "full-sun"]
    light_note: Bilingual
    watering: Watering
    humidity: Literal["low", "medium", "high"]
    temperature: Temperature
    feeding: Feeding
    toxicity: Toxicity
    pollen: Literal["none", "low", "high"]
    scent: Literal["none", "light", "strong"]
    difficulty: Literal["easy", "medium", "hard"]
    vase_life_days: int | None = Field(default=None, ge=1, le=60)  # cut flowers only
    occasions: list[
        Literal[
            "birthday",
            "anniversary",
            "romance",
            "housewarming",
            "opening",
            "get-well",
            "thanks",
            "mothers-day",
            "teachers-day",
            "sympathy",
            "new-year",
            "everyday",
        ]
    ]
    meaning: Bilingual


def read_care_guide(path: Path) -> CareGuide:
    """Read one guide's care card (`<slug>.toml`); a missing or malformed field is an error."""
    with path.open("rb") as source:
        return CareGuide.model_validate(tomllib.load(source))
