"""The keys staff find a member by: last four digits of the phone, the name, pinyin initials."""

from __future__ import annotations


def normal_name(name: str) -> str:
    return " ".join(name.lower().split())


def pinyin_initials(name: str) -> str:
    """`张三` → `zs`; letters and digits in a name are kept only where there is Chinese too."""
    han = [ch for ch in name if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return ""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin("".join(han), style=Style.FIRST_LETTER, errors="ignore")).lower()


def search_keys(name: str, contacts: list[str]) -> dict[str, str | None]:
    """The values of the Members search attributes (None leaves a sparse index)."""
    phones = [value for value in contacts if value.startswith("+")]
    normal = normal_name(name)
    initials = pinyin_initials(name)
    return {
        "search_last4": phones[0][-4:] if phones else None,
        "search_name_key": normal[:1] or None,
        "search_name": normal or None,
        "search_initials_key": initials[:1] or None,
        "search_initials": initials or None,
    }
