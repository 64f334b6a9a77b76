"""Care guides as data: each guide's care card, checked when the site is built and published
as care/index.json, so care reminders and warnings read the same facts as the pages.

The functions read that published index (CARE_INDEX: the site's /care/index.json in AWS, a file
locally), once an hour per container: a guide changed on the site reaches reminders without a
deploy of the functions."""

from __future__ import annotations

import json
import time
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Text = Annotated[str, StringConstraints(min_length=1, max_length=400)]
Season = Literal["spring", "summer", "autumn", "winter"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    zh: Text
    en: Text

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Watering(Strict):
    """Days between waterings (for cut flowers: between changes of vase water), per season."""

    every_days: dict[Season, int] = Field(min_length=4, max_length=4)
    how: Bilingual


class Feeding(Strict):
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(max_length=12)  # empty: never fed
    every_days: int = Field(ge=0, le=365)
    how: Bilingual


class Repotting(Strict):
    """A potted plant's repotting: how often, in which months, how (cut flowers have none)."""

    every_years: int = Field(ge=1, le=10)
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1, max_length=12)
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
    repotting: Repotting | None = None  # potted plants only
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
    # The catalog's varieties it is about (shop.vocabulary.VARIETIES): a bouquet with one of them
    # in its recipe is among the guide's "at our shops" items. Empty for most plants, which are
    # found by name, as at the counter.
    varieties: list[str] = Field(max_length=8)

    @field_validator("varieties")
    @classmethod
    def known_varieties(cls, varieties: list[str]) -> list[str]:
        from shop.vocabulary import VARIETIES

        if unknown := sorted(set(varieties) - set(VARIETIES)):
            raise ValueError(f"varieties not in the catalog's vocabulary: {', '.join(unknown)}")
        return varieties

    def named_in(self, name: str) -> bool:
        """Whether a thing's name (at the counter, in the catalog) names this guide's plant:
        白色蝴蝶兰 三株 is a phalaenopsis, Money tree (medium) a money tree."""
        lowered = name.lower()
        return self.name.zh in name or self.name.en.lower() in lowered or self.slug in lowered

    @model_validator(mode="after")
    def fits_its_kind(self):
        """A cut flower has a vase life and no repotting; a potted plant the other way round."""
        cut = self.kind == "cut-flower"
        if cut != (self.vase_life_days is not None) or cut == (self.repotting is not None):
            raise ValueError("a cut flower needs vase_life_days and no repotting; a plant needs repotting")
        return self


def read_care_guide(path: Path) -> CareGuide:
    """Read one guide's care card (`<slug>.toml`); a missing or malformed field is an error."""
    with path.open("rb") as source:
        return CareGuide.model_validate(tomllib.load(source))


def read_care_cards(folder: Path) -> list[CareGuide]:
    return [read_care_guide(card) for card in sorted(folder.glob("*.toml"))]


def index_document(guides: list[CareGuide], prefix: str = "") -> dict:
    """care/index.json: every card with its page's address (`prefix`: /en for the English site)."""
    return {"guides": [dict(guide.model_dump(), url=f"{prefix}/care/{guide.slug}/") for guide in guides]}


RETRY_AFTER_SECONDS = 300  # after the index could not be read, ask again only after this
_failed_at = 0.0


def care_guides() -> dict[str, CareGuide]:
    """The published guides by slug (empty, with a warning in the log, where none is configured).
    Where the index cannot be read, Unavailable, at once for a while: a sale at the counter or a
    page never waits on an unreachable site twice in a row."""
    from shop.errors import Unavailable
    from shop.settings import get_settings

    global _failed_at
    if time.monotonic() - _failed_at < RETRY_AFTER_SECONDS and _failed_at:
        raise Unavailable()
    try:
        return _load(get_settings().care_index, int(time.time() // 3600))
    except (OSError, ValueError) as error:  # unreachable, or not the index
        _failed_at = time.monotonic()
        raise Unavailable() from error


@lru_cache(maxsize=2)
def _load(source: str, _hour: int) -> dict[str, CareGuide]:
    if not source:
        from web.observability import logger

        logger.warning("no care index configured (CARE_INDEX): plant care has no guides")
        return {}
    if source.startswith(("https://", "http://")):
        import urllib.request

        with urllib.request.urlopen(source, timeout=3) as response:  # noqa: S310 (our own site)
            document = json.load(response)
    else:
        document = json.loads(Path(source).read_text(encoding="utf-8"))
    guides = (CareGuide.model_validate({k: v for k, v in g.items() if k != "url"}) for g in document["guides"])
    return {guide.slug: guide for guide in guides}


def forget_guides() -> None:
    global _failed_at
    _failed_at = 0.0
    _load.cache_clear()
